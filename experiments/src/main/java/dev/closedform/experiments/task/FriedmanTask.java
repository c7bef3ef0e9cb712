package dev.closedform.experiments.task;

/** The embedded default task: Friedman #1 with unit noise, fresh test rows from the same law. */
public record FriedmanTask(int trainRows, int testRows, double noise, boolean standardize) implements RegressionTask {

    public static final int DEFAULT_TRAIN_ROWS = 2048;
    public static final int DEFAULT_TEST_ROWS = 2048;

    public static FriedmanTask defaults(boolean standardize) {
        return new FriedmanTask(DEFAULT_TRAIN_ROWS, DEFAULT_TEST_ROWS, 1.0, standardize);
    }

    @Override
    public String name() {
        return "friedman";
    }

    @Override
    public PreparedData prepare(long seed) {
        return Scaling.prepare(
                Friedman.generate(trainRows, noise, seed),
                Friedman.generate(testRows, noise, seed ^ 0x5DEECE66DL),
                standardize,
                "Friedman #1, " + trainRows + " train / " + testRows + " test rows, noise sd " + noise);
    }
}
