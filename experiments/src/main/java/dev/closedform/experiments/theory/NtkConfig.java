package dev.closedform.experiments.theory;

import java.util.Arrays;

/**
 * Settings of the wide-network experiment: {@code f(x) = W relu(A x) / sqrt(m)} trained by
 * {@code cf-full} on Friedman #1 (standardised) at several widths m, against kernel ridge regression.
 *
 * @param widths       hidden widths m, ascending (at least 2 for a rate)
 * @param seeds        initialisations per width (seeds 1..seeds)
 * @param trainRows    training rows n
 * @param testRows     test rows the predictions are compared on
 * @param beta         ridge {@code beta} of the head (kernel ridge regression adds {@code n beta})
 * @param learningRate step size of the gradient step on A
 * @param steps        full-batch steps of {@code cf-full} (one per epoch)
 * @param dataSeed     seed of the Friedman rows
 */
public record NtkConfig(int[] widths, int seeds, int trainRows, int testRows, double beta, double learningRate,
                        int steps, long dataSeed) {

    public NtkConfig {
        if (widths == null || widths.length < 2) {
            throw new IllegalArgumentException("widths needs at least 2 values for a rate, got "
                    + (widths == null ? "none" : Arrays.toString(widths)));
        }
        widths = widths.clone();
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 1 || (i > 0 && widths[i] <= widths[i - 1])) {
                throw new IllegalArgumentException("widths must be ascending and >= 1, got " + Arrays.toString(widths));
            }
        }
        positive("seeds", seeds);
        positive("trainRows", trainRows);
        positive("testRows", testRows);
        positive("steps", steps);
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 0, got " + beta);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
        }
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The preset of a scale: smoke (seconds) or paper (widths 64 to 16384, a few minutes). */
    public static NtkConfig forScale(TheoryScale scale) {
        return switch (scale) {
            case SMOKE -> builder().optWidths(64, 256, 1024, 4096).optSeeds(2).optRows(64, 64).optSteps(10).build();
            case PAPER -> builder().build();
        };
    }

    /** Defaults are the paper scale. */
    public static final class Builder {
        private int[] widths = {64, 256, 1024, 4096, 16384};
        private int seeds = 5;
        private int trainRows = 128;
        private int testRows = 256;
        private double beta = 1e-2;
        private double learningRate = 1.0;
        private int steps = 50;
        private long dataSeed = 1;

        public Builder optWidths(int... v) { widths = v.clone(); return this; }
        public Builder optSeeds(int v) { seeds = v; return this; }
        public Builder optRows(int train, int test) { trainRows = train; testRows = test; return this; }
        public Builder optBeta(double v) { beta = v; return this; }
        public Builder optLearningRate(double v) { learningRate = v; return this; }
        public Builder optSteps(int v) { steps = v; return this; }
        public Builder optDataSeed(long v) { dataSeed = v; return this; }

        public NtkConfig build() {
            return new NtkConfig(widths, seeds, trainRows, testRows, beta, learningRate, steps, dataSeed);
        }
    }
}
