package dev.closedform.experiments.reproduce;

import dev.closedform.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the training steps of an experiment's runs into {@link SuiteProgress} work: each run is worth
 * its estimated seconds, spent step by step while it trains; a run found finished (or continued from its
 * checkpoint) is spent at once when the next run starts or the sweep ends.
 */
public final class WorkMeter {

    private final SuiteProgress progress;
    private final String experiment;

    public WorkMeter(SuiteProgress progress, String experiment) {
        this.progress = progress;
        this.experiment = experiment;
    }

    /** Work outside training runs (a computation), worth {@code seconds} of the estimate. */
    public void spend(double seconds, String label) {
        progress.advanced(seconds, experiment + ": " + label);
    }

    /** The end of one computation that is not a training run (e.g. a theory part). */
    public void finished(String label) {
        progress.runFinished(experiment, label);
    }

    /** The listeners of a sweep whose runs, in running order, are worth these seconds. */
    public Runs runs(Map<String, Double> secondsByLabel) {
        return new Runs(new LinkedHashMap<>(secondsByLabel));
    }

    /** A sweep's listeners: {@code apply(label)} is called just before that run starts. */
    public final class Runs implements Function<String, TrainingListener> {
        private final LinkedHashMap<String, Double> budget;
        private final Map<String, Double> spent = new LinkedHashMap<>();
        private final List<String> done = new ArrayList<>();

        private Runs(LinkedHashMap<String, Double> budget) {
            this.budget = budget;
        }

        @Override
        public TrainingListener apply(String label) {
            for (String earlier : budget.keySet()) {
                if (earlier.equals(label)) {
                    break;
                }
                finish(earlier); // ran, was continued, or was already finished
            }
            double seconds = budget.getOrDefault(label, 0.0);
            return new TrainingListener() {
                private long total = 1;

                @Override
                public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
                    total = Math.max(1, (long) epochs * stepsPerEpoch);
                    add(label, seconds * (firstEpoch - 1) / epochs);
                }

                @Override
                public void onStep(int epoch, int stepInEpoch) {
                    add(label, seconds / total);
                }
            };
        }

        /** Every run is over: spends what is left of each. */
        public void finishAll() {
            budget.keySet().forEach(this::finish);
        }

        private void add(String label, double seconds) {
            double room = budget.getOrDefault(label, 0.0) - spent.getOrDefault(label, 0.0);
            double s = Math.min(room, seconds);
            if (s > 0) {
                spent.merge(label, s, Double::sum);
                progress.advanced(s, experiment + ": " + label);
            }
        }

        private void finish(String label) {
            if (!done.contains(label)) {
                add(label, Double.POSITIVE_INFINITY);
                done.add(label);
                progress.runFinished(experiment, label);
            }
        }
    }
}
