package dev.closedform.train;

import java.util.Locale;

/**
 * A multiplier of the learning rate over a run, a function of the step (0-based, counted over the
 * whole run), the steps per epoch and the run's total steps. The DFIV trainer and the training loop
 * share these.
 */
public sealed interface LearningRateSchedule extends java.io.Serializable {

    /** The multiplier of the learning rate for the step about to be taken. */
    double multiplier(long step, long stepsPerEpoch, long totalSteps);

    /** Whether the multipliers change when the run gets longer (then a run cannot be extended by resuming it). */
    boolean dependsOnLength();

    /** The name used on the command line, e.g. {@code cosine} or {@code step:100:0.5}. */
    String label();

    /** The rate as configured, throughout. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double multiplier(long step, long stepsPerEpoch, long totalSteps) {
            return 1;
        }

        @Override
        public boolean dependsOnLength() {
            return false;
        }

        @Override
        public String label() {
            return "constant";
        }
    }

    /** {@code (1 + cos(pi k / K)) / 2} at step k of K: from the rate down to zero at the end of the run. */
    record Cosine() implements LearningRateSchedule {
        @Override
        public double multiplier(long step, long stepsPerEpoch, long totalSteps) {
            return 0.5 * (1 + Math.cos(Math.PI * step / totalSteps));
        }

        @Override
        public boolean dependsOnLength() {
            return true;
        }

        @Override
        public String label() {
            return "cosine";
        }
    }

    /** {@code factor^floor(epoch / every)}: multiplied by {@code factor} every {@code every} epochs (the FNO recipe: 100, 0.5). */
    record Step(int every, double factor) implements LearningRateSchedule {
        public Step {
            if (every < 1 || !(factor > 0 && factor <= 1)) {
                throw new IllegalArgumentException("step schedule: every must be >= 1 epoch and factor in (0, 1], got "
                        + every + " and " + factor);
            }
        }

        @Override
        public double multiplier(long step, long stepsPerEpoch, long totalSteps) {
            return Math.pow(factor, (step / stepsPerEpoch) / every);
        }

        @Override
        public boolean dependsOnLength() {
            return false;
        }

        @Override
        public String label() {
            return "step:" + every + ":" + factor;
        }
    }

    LearningRateSchedule CONSTANT = new Constant();
    LearningRateSchedule COSINE = new Cosine();

    /** {@code constant}, {@code cosine} or {@code step:EVERY:FACTOR} (e.g. {@code step:100:0.5}). */
    static LearningRateSchedule parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("constant")) {
            return CONSTANT;
        }
        if (t.equals("cosine")) {
            return COSINE;
        }
        if (t.startsWith("step:")) {
            String[] parts = t.split(":");
            try {
                return new Step(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
            } catch (RuntimeException e) {
                if (e instanceof IllegalArgumentException iae && !(e instanceof NumberFormatException)) {
                    throw iae;
                }
            }
        }
        throw new IllegalArgumentException("learning-rate schedule: expected constant, cosine or step:EVERY:FACTOR "
                + "(e.g. step:100:0.5), got '" + text + "'");
    }
}
