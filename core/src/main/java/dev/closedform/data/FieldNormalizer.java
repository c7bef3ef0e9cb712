package dev.closedform.data;

import java.util.Locale;

/**
 * Normalisation of sampled fields (a data row is one field: columns are grid points), fitted on the
 * training split only. Returns a {@link Standardizer} with one mean and standard deviation per
 * column, so models save and undo it like any standardised table.
 *
 * <ul>
 *   <li>{@link Mode#POINTWISE}: statistics per grid point over the training samples (the original
 *       FNO code's {@code UnitGaussianNormalizer}, used for Darcy);</li>
 *   <li>{@link Mode#GLOBAL}: one mean and standard deviation over all samples and points (the same
 *       value in every column);</li>
 *   <li>{@link Mode#NONE}: mean 0, standard deviation 1 (values unchanged).</li>
 * </ul>
 * Standard deviations are population ones (divisor n) in float64.
 *
 * <p><b>Points without spread.</b> A grid point whose value is the same in every training sample (Darcy's
 * boundary, where u = 0) has no spread of its own. It gets the spread of the field instead: the pooled
 * standard deviation {@code sqrt(mean_j std_j^2)} over the points that vary. Standardised, it is 0 in
 * every training sample, as with any scale; the scale matters when predictions are mapped back to
 * original units, where an error there must weigh like an error anywhere else in the field. With
 * scale 1, fields of size 0.01 (Darcy's u) turned every boundary error into one a hundred times the
 * field itself. A field with no spread anywhere keeps scale 1.
 */
public final class FieldNormalizer {

    public enum Mode {
        NONE, GLOBAL, POINTWISE;

        public static Mode parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "none", "off" -> NONE;
                case "global" -> GLOBAL;
                case "pointwise" -> POINTWISE;
                default -> throw new IllegalArgumentException("normalisation must be none, global or pointwise, got '" + text + "'");
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private FieldNormalizer() {}

    /** Fits input and target statistics on {@code train}. */
    public static Standardizer fit(RegressionData train, Mode inputs, Mode targets) {
        double[][] in = stats(train.x(), train.rows(), train.inputDim(), inputs);
        double[][] out = stats(train.y(), train.rows(), train.outputDim(), targets);
        return Standardizer.of(in[0], in[1], out[0], out[1]);
    }

    private static double[][] stats(float[] v, int rows, int cols, Mode mode) {
        double[] mean = new double[cols];
        double[] std = new double[cols];
        switch (mode) {
            case NONE -> java.util.Arrays.fill(std, 1);
            case POINTWISE -> {
                for (int j = 0; j < cols; j++) {
                    double s = 0;
                    for (int i = 0; i < rows; i++) {
                        s += v[i * cols + j];
                    }
                    double m = s / rows;
                    double q = 0;
                    for (int i = 0; i < rows; i++) {
                        double d = v[i * cols + j] - m;
                        q += d * d;
                    }
                    mean[j] = m;
                    std[j] = Math.sqrt(q / rows);
                }
                fillPointsWithoutSpread(std);
            }
            case GLOBAL -> {
                double s = 0;
                for (float f : v) {
                    s += f;
                }
                double m = s / v.length;
                double q = 0;
                for (float f : v) {
                    double d = f - m;
                    q += d * d;
                }
                java.util.Arrays.fill(mean, m);
                java.util.Arrays.fill(std, positive(Math.sqrt(q / v.length)));
            }
            default -> throw new IllegalStateException(mode.toString());
        }
        return new double[][] {mean, std};
    }

    /** Points with zero spread take the pooled standard deviation of the points that vary (see the class comment). */
    private static void fillPointsWithoutSpread(double[] std) {
        double sum = 0;
        int varying = 0;
        for (double v : std) {
            if (v > 0 && Double.isFinite(v)) {
                sum += v * v;
                varying++;
            }
        }
        double pooled = varying == 0 ? 1 : Math.sqrt(sum / varying);
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0 && Double.isFinite(std[j]))) {
                std[j] = pooled;
            }
        }
    }

    private static double positive(double std) {
        return std > 0 && Double.isFinite(std) ? std : 1;
    }
}
