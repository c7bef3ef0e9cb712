package dev.closedform.train;

/** Progress callbacks; the CLI draws progress bars from them. All methods are optional. */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {};

    default void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {}

    default void onStep(int epoch, int stepInEpoch) {}

    default void onEpoch(EpochMetrics metrics) {}

    /**
     * The current step enters {@code phase} (profiling; called several times per step, keep it cheap).
     * The step ends with {@link #onStep}.
     */
    default void onPhase(StepPhase phase) {}

    /** Something the user should know about the run that does not stop it (e.g. a choice at the edge of its range). */
    default void onWarning(String message) {}

    /** This listener, then {@code next}, for every callback. */
    default TrainingListener andThen(TrainingListener next) {
        TrainingListener first = this;
        return new TrainingListener() {
            @Override
            public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
                first.onStart(firstEpoch, epochs, stepsPerEpoch);
                next.onStart(firstEpoch, epochs, stepsPerEpoch);
            }

            @Override
            public void onStep(int epoch, int stepInEpoch) {
                first.onStep(epoch, stepInEpoch);
                next.onStep(epoch, stepInEpoch);
            }

            @Override
            public void onEpoch(EpochMetrics metrics) {
                first.onEpoch(metrics);
                next.onEpoch(metrics);
            }

            @Override
            public void onPhase(StepPhase phase) {
                first.onPhase(phase);
                next.onPhase(phase);
            }

            @Override
            public void onWarning(String message) {
                first.onWarning(message);
                next.onWarning(message);
            }
        };
    }
}
