package dev.closedform.experiments.theory;

/**
 * Settings of the spurious-stationary-region computation.
 *
 * @param seeds        initialisations counted per setting (seeds 1..seeds)
 * @param trainRuns    runs trained per setting, method and start (some units dead / none dead)
 * @param hidden       width of the one-hidden-layer ReLU network
 * @param trainRows    Friedman #1 training rows of the network settings
 * @param epochs       epochs of {@code cf-prox}; {@code cf-full} takes the same number of steps
 * @param batchSize    {@code cf-prox} batch size (the three points of Figure 1 use batch 1)
 * @param learningRate backbone step size
 * @param beta         ridge {@code beta}
 * @param prox         proximal {@code lambda} of {@code cf-prox}
 * @param pathPoints   points along each plotted path through the region
 */
public record SpuriousConfig(int seeds, int trainRuns, int hidden, int trainRows, int epochs, int batchSize,
                             double learningRate, double beta, double prox, int pathPoints) {

    public SpuriousConfig {
        positive("seeds", seeds);
        if (trainRuns < 0) {
            throw new IllegalArgumentException("trainRuns must be >= 0, got " + trainRuns);
        }
        positive("hidden", hidden);
        positive("trainRows", trainRows);
        positive("epochs", epochs);
        positive("batchSize", batchSize);
        if (pathPoints < 3) {
            throw new IllegalArgumentException("pathPoints must be >= 3, got " + pathPoints);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
        }
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 0 (W* must exist where every feature is off), got " + beta);
        }
        if (!(prox >= 0) || !Double.isFinite(prox)) {
            throw new IllegalArgumentException("prox must be a finite number >= 0, got " + prox);
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SpuriousConfig forScale(TheoryScale scale) {
        return switch (scale) {
            case SMOKE -> builder().optSeeds(200).optTrainRuns(2).optTrainRows(256).optEpochs(3).optPathPoints(25).build();
            case PAPER -> builder().build();
        };
    }

    /** Defaults are the paper scale; learning rate, beta and lambda are the library's defaults. */
    public static final class Builder {
        private int seeds = 10_000;
        private int trainRuns = 20;
        private int hidden = 16;
        private int trainRows = 512;
        private int epochs = 20;
        private int batchSize = 32;
        private double learningRate = 1e-2;
        private double beta = 1e-3;
        private double prox = 1.0;
        private int pathPoints = 61;

        public Builder optSeeds(int v) { seeds = v; return this; }
        public Builder optTrainRuns(int v) { trainRuns = v; return this; }
        public Builder optHidden(int v) { hidden = v; return this; }
        public Builder optTrainRows(int v) { trainRows = v; return this; }
        public Builder optEpochs(int v) { epochs = v; return this; }
        public Builder optBatchSize(int v) { batchSize = v; return this; }
        public Builder optLearningRate(double v) { learningRate = v; return this; }
        public Builder optBeta(double v) { beta = v; return this; }
        public Builder optProx(double v) { prox = v; return this; }
        public Builder optPathPoints(int v) { pathPoints = v; return this; }

        public SpuriousConfig build() {
            return new SpuriousConfig(seeds, trainRuns, hidden, trainRows, epochs, batchSize, learningRate, beta, prox,
                    pathPoints);
        }
    }
}
