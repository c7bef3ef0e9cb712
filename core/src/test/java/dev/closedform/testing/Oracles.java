package dev.closedform.testing;

/**
 * Independent double-precision references for the tests of every module (published as core's test
 * jar): Gaussian elimination with partial pivoting and the ridge normal equations, written without any
 * of the library's solvers, so that a test against them checks the library, not itself.
 */
public final class Oracles {

    private Oracles() {}

    /** Solves {@code A X = B} (A n x n, B n x m) by Gaussian elimination with partial pivoting; inputs are copied. */
    public static double[][] solve(double[][] aIn, double[][] bIn) {
        int n = aIn.length;
        int m = bIn[0].length;
        double[][] a = new double[n][];
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = aIn[i].clone();
            b[i] = bIn[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int p = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[p][col])) {
                    p = r;
                }
            }
            double[] t = a[p];
            a[p] = a[col];
            a[col] = t;
            t = b[p];
            b[p] = b[col];
            b[col] = t;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int k = col; k < n; k++) {
                    a[r][k] -= f * a[col][k];
                }
                for (int k = 0; k < m; k++) {
                    b[r][k] -= f * b[col][k];
                }
            }
        }
        double[][] x = new double[n][m];
        for (int i = n - 1; i >= 0; i--) {
            for (int k = 0; k < m; k++) {
                double s = b[i][k];
                for (int j = i + 1; j < n; j++) {
                    s -= a[i][j] * x[j][k];
                }
                x[i][k] = s / a[i][i];
            }
        }
        return x;
    }

    /** Solves {@code A x = b}. */
    public static double[] solve(double[][] a, double[] b) {
        double[][] col = new double[b.length][1];
        for (int i = 0; i < b.length; i++) {
            col[i][0] = b[i];
        }
        double[][] x = solve(a, col);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i][0];
        }
        return out;
    }

    /** {@code argmin_c (1/n) ||t - A c||^2 + lambda ||c||^2} from {@code (A^T A / n + lambda I) c = A^T t / n}; A is n x d. */
    public static double[] ridge(double[][] a, double[] t, double lambda) {
        int n = a.length;
        int d = a[0].length;
        double[][] m = new double[d][d];
        double[] rhs = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    m[j][k] += a[i][j] * a[i][k] / n;
                }
                rhs[j] += a[i][j] * t[i] / n;
            }
        }
        for (int j = 0; j < d; j++) {
            m[j][j] += lambda;
        }
        return solve(m, rhs);
    }
}
