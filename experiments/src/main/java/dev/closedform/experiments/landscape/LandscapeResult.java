package dev.closedform.experiments.landscape;

/**
 * The loss surface and the closed-form curve. Arrays are owned by the record; do not mutate.
 *
 * @param config  the settings that produced this result
 * @param x       inputs of the data points
 * @param y       targets of the data points
 * @param thetas  theta grid, ascending, {@code nTheta} values
 * @param ws      W grid, ascending, {@code nW} values
 * @param loss    {@code loss[i][j] = L(ws[j], thetas[i])}
 * @param wStar   {@code W*(thetas[i])}, may lie outside the W grid
 * @param lStar   {@code L*(thetas[i]) = L(W*(thetas[i]), thetas[i])}
 */
public record LandscapeResult(LandscapeConfig config, double[] x, double[] y, double[] thetas, double[] ws,
                              double[][] loss, double[] wStar, double[] lStar) {

    /** Smallest loss on the grid (useful for colour scales). */
    public double minLoss() {
        double m = Double.POSITIVE_INFINITY;
        for (double[] row : loss) {
            for (double v : row) {
                m = Math.min(m, v);
            }
        }
        return m;
    }

    /** Largest loss on the grid. */
    public double maxLoss() {
        double m = Double.NEGATIVE_INFINITY;
        for (double[] row : loss) {
            for (double v : row) {
                m = Math.max(m, v);
            }
        }
        return m;
    }
}
