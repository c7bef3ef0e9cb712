package dev.closedform.train;

/** Progress callbacks; the CLI draws progress bars from them. All methods are optional. */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {};

    default void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {}

    default void onStep(int epoch, int stepInEpoch) {}

    default void onEpoch(EpochMetrics metrics) {}
}
