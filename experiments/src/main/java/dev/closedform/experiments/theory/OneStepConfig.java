package dev.closedform.experiments.theory;

import java.util.Arrays;

/**
 * Settings of the one-step identity check: a Friedman #1 MLP trained by {@code sgd} and {@code cf-prox}
 * through the training loop, inspected after every epoch.
 *
 * @param hidden       MLP hidden widths
 * @param trainRows    Friedman #1 training rows (standardised)
 * @param epochs       epochs per method
 * @param batchSize    rows per step
 * @param learningRate step size (backbone; and head for {@code sgd})
 * @param beta         ridge {@code beta}
 * @param prox         proximal {@code lambda} of {@code cf-prox}
 * @param batches      random batches per inspected state for the mini-batch step comparison
 * @param seed         seed of the data, initialisation and batch order
 */
public record OneStepConfig(int[] hidden, int trainRows, int epochs, int batchSize, double learningRate, double beta,
                            double prox, int batches, long seed) {

    public OneStepConfig {
        if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden needs at least one width >= 1, got "
                    + (hidden == null ? "none" : Arrays.toString(hidden)));
        }
        hidden = hidden.clone();
        if (trainRows < 2 || epochs < 1 || batchSize < 1 || batches < 1) {
            throw new IllegalArgumentException("trainRows must be >= 2 and epochs, batchSize, batches >= 1; got "
                    + trainRows + ", " + epochs + ", " + batchSize + ", " + batches);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
        }
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 0, got " + beta);
        }
        if (!(prox >= 0) || !Double.isFinite(prox)) {
            throw new IllegalArgumentException("prox must be a finite number >= 0, got " + prox);
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static OneStepConfig forScale(TheoryScale scale) {
        return switch (scale) {
            case SMOKE -> builder().optHidden(32, 32).optTrainRows(256).optEpochs(3).optBatches(4).build();
            case PAPER -> builder().build();
        };
    }

    /** Defaults: the paper scale, with the library's defaults for the model (256, 256) and optimiser. */
    public static final class Builder {
        private int[] hidden = {256, 256};
        private int trainRows = 2048;
        private int epochs = 20;
        private int batchSize = 32;
        private double learningRate = 1e-2;
        private double beta = 1e-3;
        private double prox = 1.0;
        private int batches = 8;
        private long seed = 1;

        public Builder optHidden(int... v) { hidden = v.clone(); return this; }
        public Builder optTrainRows(int v) { trainRows = v; return this; }
        public Builder optEpochs(int v) { epochs = v; return this; }
        public Builder optBatchSize(int v) { batchSize = v; return this; }
        public Builder optLearningRate(double v) { learningRate = v; return this; }
        public Builder optBeta(double v) { beta = v; return this; }
        public Builder optProx(double v) { prox = v; return this; }
        public Builder optBatches(int v) { batches = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }

        public OneStepConfig build() {
            return new OneStepConfig(hidden, trainRows, epochs, batchSize, learningRate, beta, prox, batches, seed);
        }
    }
}
