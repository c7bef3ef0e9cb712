package dev.closedform.train;

import dev.closedform.data.RegressionData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Independent double-precision reference for the training tests: plain loops and Gaussian
 * elimination with partial pivoting, no code under test.
 */
final class Ref {
    private Ref() {}

    /** Solves A X = B (A n x n, B n x m) by Gaussian elimination with partial pivoting. */
    static double[][] solve(double[][] a, double[][] b) {
        return Reference.gaussSolve(a, b);
    }

    /** Row-major float rows x cols as double[rows][cols], optionally with a trailing column of ones. */
    static double[][] rows(float[] flat, int rows, int cols, boolean bias) {
        double[][] out = new double[rows][cols + (bias ? 1 : 0)];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = flat[i * cols + j];
            }
            if (bias) {
                out[i][cols] = 1.0;
            }
        }
        return out;
    }

    /** W (o x d) minimising (1/n) sum ||y_i - W phi_i||^2 + beta ||W||^2, from the normal equations. */
    static double[][] ridge(double[][] phi, double[][] y, double beta) {
        return prox(phi, y, 0, beta, null);
    }

    /** W minimising (1/n) sum ||y_i - W phi_i||^2 + lambda ||W - prev||^2 + beta ||W||^2. */
    static double[][] prox(double[][] phi, double[][] y, double lambda, double beta, double[][] prev) {
        return Reference.proxWeights(phi, y, lambda, beta, prev);
    }

    /** (1/n) sum_i ||y_i - W phi_i||^2. */
    static double mse(double[][] w, double[][] phi, double[][] y) {
        double s = 0;
        for (int i = 0; i < phi.length; i++) {
            for (int r = 0; r < w.length; r++) {
                double p = 0;
                for (int j = 0; j < phi[i].length; j++) {
                    p += w[r][j] * phi[i][j];
                }
                double e = y[i][r] - p;
                s += e * e;
            }
        }
        return s / phi.length;
    }

    static double squaredNorm(double[][] w) {
        double s = 0;
        for (double[] row : w) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }

    /** max |a - b| / max |b| over all entries (relative to the reference's scale). */
    static double relDiff(DenseMatrix actual, double[][] expected) {
        double num = 0;
        double den = 0;
        for (int r = 0; r < expected.length; r++) {
            for (int j = 0; j < expected[r].length; j++) {
                num = Math.max(num, Math.abs(actual.get(r, j) - expected[r][j]));
                den = Math.max(den, Math.abs(expected[r][j]));
            }
        }
        return num / den;
    }

    static double relDiff(DenseMatrix actual, DenseMatrix expected) {
        return actual.maxAbsDiff(expected) / max(expected);
    }

    static double max(DenseMatrix m) {
        double v = 0;
        for (double x : m.data()) {
            v = Math.max(v, Math.abs(x));
        }
        return v;
    }

    static List<String> names(String prefix, int k) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    /** Random linear-plus-noise data: y = x B + c + noise, Gaussian inputs. */
    static RegressionData linear(long seed, int n, int p, int o) {
        Random rnd = new Random(seed);
        double[][] b = new double[p][o];
        for (double[] row : b) {
            for (int r = 0; r < o; r++) {
                row[r] = rnd.nextGaussian();
            }
        }
        float[] x = new float[n * p];
        float[] y = new float[n * o];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i * p + j] = (float) rnd.nextGaussian();
            }
            for (int r = 0; r < o; r++) {
                double v = 0.5 + 0.3 * r + 0.1 * rnd.nextGaussian();
                for (int j = 0; j < p; j++) {
                    v += x[i * p + j] * b[j][r];
                }
                y[i * o + r] = (float) v;
            }
        }
        return new RegressionData(x, y, names("x", p), names("y", o));
    }

    /** A smooth learnable non-linear problem: y = sum_j sin(2 x_j), x ~ U(-1.5, 1.5). */
    static RegressionData sines(long seed, int n, int p) {
        Random rnd = new Random(seed);
        float[] x = new float[n * p];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double v = 0;
            for (int j = 0; j < p; j++) {
                float xi = (float) (3 * rnd.nextDouble() - 1.5);
                x[i * p + j] = xi;
                v += Math.sin(2 * xi);
            }
            y[i] = (float) v;
        }
        return new RegressionData(x, y, names("x", p), List.of("y"));
    }
}
