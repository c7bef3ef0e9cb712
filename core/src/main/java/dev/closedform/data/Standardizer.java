package dev.closedform.data;

/**
 * Per-column standardisation {@code z = (v - mean) / std} for inputs and targets.
 *
 * <p>Statistics are fitted on a training split only ({@link #fit(RegressionData)}), so that no
 * information from the test split leaks into training. {@code std} is the population standard
 * deviation (divisor {@code n}, as in scikit-learn's {@code StandardScaler}), computed in float64.
 *
 * <p><b>Constant columns:</b> a column whose training values are all equal gets {@code std = 1}
 * (and {@code mean} = that value), so it maps to 0 instead of producing NaN/Inf; it carries no
 * information for fitting anyway. Constancy is tested exactly (min == max), not by a tolerance.
 *
 * <p>The statistics are exposed ({@link #inputMeans()} etc.) and can be restored with
 * {@link #of(double[], double[], double[], double[])} so a saved model can undo the target scaling.
 */
public final class Standardizer {
    private final double[] inputMeans;
    private final double[] inputStds;
    private final double[] targetMeans;
    private final double[] targetStds;

    private Standardizer(double[] inputMeans, double[] inputStds, double[] targetMeans, double[] targetStds) {
        this.inputMeans = inputMeans;
        this.inputStds = inputStds;
        this.targetMeans = targetMeans;
        this.targetStds = targetStds;
    }

    /**
     * Restores a standardizer from saved statistics.
     *
     * @param inputMeans  per input column
     * @param inputStds   per input column, each finite and {@code > 0}
     * @param targetMeans per target column
     * @param targetStds  per target column, each finite and {@code > 0}
     * @return the standardizer
     * @throws IllegalArgumentException if lengths differ or a std is not positive and finite
     */
    public static Standardizer of(double[] inputMeans, double[] inputStds, double[] targetMeans,
                                  double[] targetStds) {
        check("input", inputMeans, inputStds);
        check("target", targetMeans, targetStds);
        return new Standardizer(inputMeans.clone(), inputStds.clone(), targetMeans.clone(), targetStds.clone());
    }

    private static void check(String what, double[] means, double[] stds) {
        if (means.length != stds.length) {
            throw new IllegalArgumentException(what + "Means.length=" + means.length + " != " + what
                    + "Stds.length=" + stds.length);
        }
        for (int j = 0; j < stds.length; j++) {
            if (!(stds[j] > 0) || Double.isInfinite(stds[j])) {
                throw new IllegalArgumentException(what + "Stds[" + j + "]=" + stds[j] + " must be finite and > 0");
            }
            if (!Double.isFinite(means[j])) {
                throw new IllegalArgumentException(what + "Means[" + j + "]=" + means[j] + " must be finite");
            }
        }
    }

    /**
     * Fits means and stds of every input and target column of {@code train}.
     *
     * @param train the training split (never the test split)
     * @return the fitted standardizer
     * @throws IllegalArgumentException if {@code train} has no rows
     */
    public static Standardizer fit(RegressionData train) {
        if (train.rows() == 0) {
            throw new IllegalArgumentException("cannot fit a Standardizer on 0 rows");
        }
        double[][] in = columnStats(train.xBuffer(), train.rows(), train.inputDim());
        double[][] out = columnStats(train.yBuffer(), train.rows(), train.outputDim());
        return new Standardizer(in[0], in[1], out[0], out[1]);
    }

    // Two passes (mean, then squared deviations) are more accurate than sum of squares.
    private static double[][] columnStats(java.nio.FloatBuffer data, int rows, int cols) {
        double[] mean = new double[cols];
        double[] min = new double[cols];
        double[] max = new double[cols];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = data.get(r * cols + c);
                mean[c] += v;
                min[c] = Math.min(min[c], v);
                max[c] = Math.max(max[c], v);
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= rows;
        }
        double[] var = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double d = data.get(r * cols + c) - mean[c];
                var[c] += d * d;
            }
        }
        double[] std = new double[cols];
        for (int c = 0; c < cols; c++) {
            if (min[c] == max[c]) {
                mean[c] = min[c];
                std[c] = 1.0;
            } else {
                std[c] = Math.sqrt(var[c] / rows);
            }
            if (!Double.isFinite(mean[c]) || !Double.isFinite(std[c])) {
                throw new IllegalArgumentException("column " + c + " has non-finite statistics (mean="
                        + mean[c] + ", std=" + std[c] + "); the data contains NaN or Inf");
            }
        }
        return new double[][] {mean, std};
    }

    /**
     * Standardises inputs and targets.
     *
     * @param data table with the same columns as the one fitted
     * @return a new standardised table
     */
    public RegressionData apply(RegressionData data) {
        return apply(data, true, true);
    }

    /**
     * Standardises the selected parts of {@code data}; the others are copied unchanged.
     *
     * @param data    table with the same column counts as the one fitted
     * @param inputs  whether to standardise the inputs
     * @param targets whether to standardise the targets
     * @return a new table
     * @throws IllegalArgumentException if column counts differ from the fitted ones
     */
    public RegressionData apply(RegressionData data, boolean inputs, boolean targets) {
        requireDims(data);
        float[] x = data.x();
        float[] y = data.y();
        if (inputs) {
            transform(x, inputMeans, inputStds);
        }
        if (targets) {
            transform(y, targetMeans, targetStds);
        }
        return RegressionData.wrap(x, y, data.inputNames(), data.targetNames());
    }

    private void requireDims(RegressionData data) {
        if (data.inputDim() != inputMeans.length || data.outputDim() != targetMeans.length) {
            throw new IllegalArgumentException("data has inputDim=" + data.inputDim() + ", outputDim="
                    + data.outputDim() + " but the Standardizer was fitted with inputDim=" + inputMeans.length
                    + ", outputDim=" + targetMeans.length);
        }
    }

    private static void transform(float[] v, double[] mean, double[] std) {
        int cols = mean.length;
        for (int i = 0; i < v.length; i++) {
            int c = i % cols;
            v[i] = (float) ((v[i] - mean[c]) / std[c]);
        }
    }

    /**
     * Maps standardised target predictions back to original units: {@code v * std + mean}.
     *
     * @param predictions row-major {@code n x outputDim}
     * @return a new array in original units
     * @throws IllegalArgumentException if the length is not a multiple of outputDim
     */
    public float[] inverseTargets(float[] predictions) {
        checkLength(predictions.length);
        int cols = targetMeans.length;
        float[] out = new float[predictions.length];
        for (int i = 0; i < out.length; i++) {
            int c = i % cols;
            out[i] = (float) (predictions[i] * targetStds[c] + targetMeans[c]);
        }
        return out;
    }

    /**
     * Maps standardised target predictions back to original units: {@code v * std + mean}.
     *
     * @param predictions row-major {@code n x outputDim}
     * @return a new array in original units
     * @throws IllegalArgumentException if the length is not a multiple of outputDim
     */
    public double[] inverseTargets(double[] predictions) {
        checkLength(predictions.length);
        int cols = targetMeans.length;
        double[] out = new double[predictions.length];
        for (int i = 0; i < out.length; i++) {
            int c = i % cols;
            out[i] = predictions[i] * targetStds[c] + targetMeans[c];
        }
        return out;
    }

    private void checkLength(int length) {
        if (length % targetMeans.length != 0) {
            throw new IllegalArgumentException("predictions length " + length + " is not a multiple of outputDim="
                    + targetMeans.length);
        }
    }

    /** @return a copy of the per-input-column means */
    public double[] inputMeans() {
        return inputMeans.clone();
    }

    /** @return a copy of the per-input-column stds (1 for constant columns) */
    public double[] inputStds() {
        return inputStds.clone();
    }

    /** @return a copy of the per-target-column means */
    public double[] targetMeans() {
        return targetMeans.clone();
    }

    /** @return a copy of the per-target-column stds (1 for constant columns) */
    public double[] targetStds() {
        return targetStds.clone();
    }
}
