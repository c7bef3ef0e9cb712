package dev.closedform.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * Independent double-precision reference computations on plain double[][] (no code under test):
 * normal equations solved by Gaussian elimination with partial pivoting, loss and gradient by loops.
 */
public final class Reference {
    private Reference() {
    }

    /** n x d Gaussian features with a last column of ones (the bias). */
    static double[][] features(Random rnd, int n, int d) {
        double[][] phi = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d - 1; j++) {
                phi[i][j] = rnd.nextGaussian();
            }
            phi[i][d - 1] = 1.0;
        }
        return phi;
    }

    static double[][] gaussian(Random rnd, int r, int c) {
        double[][] m = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                m[i][j] = rnd.nextGaussian();
            }
        }
        return m;
    }

    static NDArray nd(NDManager m, double[][] a, DataType type) {
        int r = a.length;
        int c = a[0].length;
        double[] flat = new double[r * c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(a[i], 0, flat, i * c, c);
        }
        NDArray x = m.create(flat, new Shape(r, c));
        return type == DataType.FLOAT64 ? x : x.toType(type, false);
    }

    /** Rounds every entry to float, to compare a float32 input against a double reference of the same data. */
    static double[][] roundToFloat(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = (float) a[i][j];
            }
        }
        return out;
    }

    /**
     * Proximal weights from the d x d normal equations
     * (Phi^T Phi/n + (lambda+beta) I) W^T = (Y^T Phi/n + lambda Wprev)^T, returned o x d.
     */
    public static double[][] proxWeights(double[][] phi, double[][] y, double lambda, double beta, double[][] prev) {
        int n = phi.length;
        int d = phi[0].length;
        int o = y[0].length;
        double[][] a = new double[d][d];
        double[][] rhs = new double[d][o];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < d; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += phi[i][j] * phi[i][k];
                }
                a[j][k] = s / n + (j == k ? lambda + beta : 0.0);
            }
            for (int r = 0; r < o; r++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += phi[i][j] * y[i][r];
                }
                rhs[j][r] = s / n + (prev == null ? 0.0 : lambda * prev[r][j]);
            }
        }
        return transpose(gaussSolve(a, rhs));
    }

    /** (1/n) sum ||y_i - W phi_i||^2 + beta ||W||^2 + lambda ||W - prev||^2 (prev may be null when lambda = 0). */
    static double proxLoss(double[][] w, double[][] phi, double[][] y, double lambda, double beta, double[][] prev) {
        int n = phi.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < w.length; r++) {
                double pred = 0;
                for (int j = 0; j < w[r].length; j++) {
                    pred += w[r][j] * phi[i][j];
                }
                double e = y[i][r] - pred;
                s += e * e;
            }
        }
        double reg = 0;
        double prox = 0;
        for (int r = 0; r < w.length; r++) {
            for (int j = 0; j < w[r].length; j++) {
                reg += w[r][j] * w[r][j];
                if (lambda != 0) {
                    double diff = w[r][j] - prev[r][j];
                    prox += diff * diff;
                }
            }
        }
        return s / n + beta * reg + lambda * prox;
    }

    /** Gradient of (1/n) sum ||y_i - W phi_i||^2 + beta ||W||^2 at W: -(2/n) sum (y_i - W phi_i) phi_i^T + 2 beta W. */
    static double[][] ridgeGradient(double[][] w, double[][] phi, double[][] y, double beta) {
        int n = phi.length;
        int o = w.length;
        int d = w[0].length;
        double[][] g = new double[o][d];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < o; r++) {
                double pred = 0;
                for (int j = 0; j < d; j++) {
                    pred += w[r][j] * phi[i][j];
                }
                double e = y[i][r] - pred;
                for (int j = 0; j < d; j++) {
                    g[r][j] += -2.0 / n * e * phi[i][j];
                }
            }
        }
        for (int r = 0; r < o; r++) {
            for (int j = 0; j < d; j++) {
                g[r][j] += 2 * beta * w[r][j];
            }
        }
        return g;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[][] toArray(DenseMatrix m) {
        double[][] a = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                a[i][j] = m.get(i, j);
            }
        }
        return a;
    }

    static DenseMatrix toMatrix(double[][] a) {
        DenseMatrix m = DenseMatrix.zeros(a.length, a[0].length);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                m.set(i, j, a[i][j]);
            }
        }
        return m;
    }

    static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /** max |a - b| / max |b|, failing loudly on NaN. */
    static double relativeError(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double diff = Math.abs(a[i][j] - b[i][j]);
                if (Double.isNaN(diff)) {
                    return Double.POSITIVE_INFINITY;
                }
                m = Math.max(m, diff);
            }
        }
        return m / maxAbs(b);
    }

    /** Solves A X = B by Gaussian elimination (the shared oracle). */
    public static double[][] gaussSolve(double[][] a, double[][] b) {
        return dev.closedform.testing.Oracles.solve(a, b);
    }

    /**
     * The exponentially weighted pooled ridge: argmin (1/w) sum_k g^{t-k} (1/b_k) ||Y_k - Phi_k W^T||^2 + beta ||W||^2,
     * w = sum_k g^{t-k}, over batches k = 0..t-1 (the last one newest), by the normal equations; o x d.
     */
    public static double[][] pooledRidge(double[][][] phis, double[][][] ys, double g, double beta) {
        int d = phis[0][0].length;
        int o = ys[0][0].length;
        double[][] a = new double[d][d];
        double[][] b = new double[d][o];
        double total = 0;
        int t = phis.length;
        for (int k = 0; k < t; k++) {
            double w = Math.pow(g, t - 1 - k);
            total += w;
            int n = phis[k].length;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    for (int l = 0; l < d; l++) {
                        a[j][l] += w * phis[k][i][j] * phis[k][i][l] / n;
                    }
                    for (int r = 0; r < o; r++) {
                        b[j][r] += w * phis[k][i][j] * ys[k][i][r] / n;
                    }
                }
            }
        }
        for (int j = 0; j < d; j++) {
            for (int l = 0; l < d; l++) {
                a[j][l] /= total;
            }
            a[j][j] += beta;
            for (int r = 0; r < o; r++) {
                b[j][r] /= total;
            }
        }
        return transpose(gaussSolve(a, b)); // W = (A^{-1} B)^T, o x d
    }
}
