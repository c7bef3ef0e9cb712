package dev.closedform.experiments.landscape;

/**
 * Settings of the paper's Figure 1 landscape ({@code closedform landscape}).
 *
 * <p>The default seed (17) draws three points whose inputs are all positive, so every
 * {@code theta < 0} switches all ReLU features off: the figure then shows the flat region of
 * {@code L*} (spurious stationary points, docs/theory.md) next to the hyperbola
 * {@code W*(theta) ~ c / theta} for {@code theta > 0}.
 *
 * @param seed      seeds {@link java.util.Random}: x_1..x_n first, then y_1..y_n, all N(0,1)
 * @param points    number of data points (3 in the paper)
 * @param beta      ridge on W; positive so W*(theta) exists where all features vanish
 * @param thetaMin  left edge of the theta axis
 * @param thetaMax  right edge of the theta axis
 * @param wMin      bottom edge of the W axis
 * @param wMax      top edge of the W axis
 * @param nTheta    grid points along theta (also the resolution of the curve)
 * @param nW        grid points along W
 */
public record LandscapeConfig(long seed, int points, double beta,
                              double thetaMin, double thetaMax, double wMin, double wMax,
                              int nTheta, int nW) {

    public LandscapeConfig {
        if (points < 1) {
            throw new IllegalArgumentException("points must be >= 1, got " + points);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
        }
        if (!(thetaMin < thetaMax) || !Double.isFinite(thetaMin) || !Double.isFinite(thetaMax)) {
            throw new IllegalArgumentException(
                    "thetaMin must be < thetaMax (finite), got thetaMin=" + thetaMin + ", thetaMax=" + thetaMax);
        }
        if (!(wMin < wMax) || !Double.isFinite(wMin) || !Double.isFinite(wMax)) {
            throw new IllegalArgumentException("wMin must be < wMax (finite), got wMin=" + wMin + ", wMax=" + wMax);
        }
        if (nTheta < 2) {
            throw new IllegalArgumentException("nTheta must be >= 2, got " + nTheta);
        }
        if (nW < 2) {
            throw new IllegalArgumentException("nW must be >= 2, got " + nW);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All fields optional; defaults reproduce the project's Figure 1. */
    public static final class Builder {
        private long seed = 17;
        private int points = 3;
        private double beta = 1e-3;
        private double thetaMin = -3;
        private double thetaMax = 3;
        private double wMin = -3;
        private double wMax = 3;
        private int nTheta = 200;
        private int nW = 200;

        public Builder optSeed(long seed) { this.seed = seed; return this; }
        public Builder optPoints(int points) { this.points = points; return this; }
        public Builder optBeta(double beta) { this.beta = beta; return this; }
        public Builder optThetaRange(double min, double max) { thetaMin = min; thetaMax = max; return this; }
        public Builder optWRange(double min, double max) { wMin = min; wMax = max; return this; }
        public Builder optGrid(int nTheta, int nW) { this.nTheta = nTheta; this.nW = nW; return this; }

        public LandscapeConfig build() {
            return new LandscapeConfig(seed, points, beta, thetaMin, thetaMax, wMin, wMax, nTheta, nW);
        }
    }
}
