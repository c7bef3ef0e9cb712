package dev.closedform.head;

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, {@code T = Q^T A Q}, in float64,
 * with a thin passenger block {@code C} (d x m) carried to {@code Q^T C} instead of accumulating
 * {@code Q}: about {@code 4/3 d^3 + 4 d^2 m} flops. Spectral functions of {@code A} applied to {@code C}
 * then reduce to tridiagonal work ({@code C^T f(A) C = (Q^T C)^T f(T) (Q^T C)}), which is how
 * {@link ProximalGcv} scores a penalty in {@code O(d m)}; {@link SymmetricEigen} diagonalises {@code T}
 * further. Only the lower triangle of {@code A} is read.
 */
public final class SymmetricTridiagonal {

    private final double[] diag;
    private final double[] off;
    private final double[] carried;
    private final int passengers;

    private SymmetricTridiagonal(double[] diag, double[] off, double[] carried, int passengers) {
        this.diag = diag;
        this.off = off;
        this.carried = carried;
        this.passengers = passengers;
    }

    /**
     * @param a symmetric d x d (lower triangle read)
     * @param c d x m, left untouched
     */
    public static SymmetricTridiagonal reduce(DenseMatrix a, DenseMatrix c) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("tridiagonal reduction needs a square matrix, got " + a.shape());
        }
        if (c.rows() != a.rows()) {
            throw new IllegalArgumentException("the carried block has " + c.rows() + " rows; the matrix is " + a.shape());
        }
        int n = a.rows();
        int m = c.cols();
        double[] work = lowerSymmetricCopy(a);
        double[] p = c.data().clone();
        double[] diag = new double[n];
        double[] off = new double[Math.max(0, n - 1)];
        tridiagonalize(work, n, diag, off, p, m);
        return new SymmetricTridiagonal(diag, off, p, m);
    }

    public int size() {
        return diag.length;
    }

    /** Diagonal of {@code T}. */
    public double[] diagonal() {
        return diag.clone();
    }

    /** {@code off[i] = T[i][i+1]}. */
    public double[] offDiagonal() {
        return off.clone();
    }

    /** {@code Q^T C} (d x m). */
    public DenseMatrix carried() {
        return DenseMatrix.of(diag.length, passengers, carried.clone());
    }

    /** {@code T x} for a d x m block {@code x} (row-major, in the tridiagonal basis). */
    public double[] times(double[] x, int m) {
        int n = diag.length;
        double[] out = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < m; c++) {
                double v = diag[i] * x[i * m + c];
                if (i > 0) {
                    v += off[i - 1] * x[(i - 1) * m + c];
                }
                if (i + 1 < n) {
                    v += off[i] * x[(i + 1) * m + c];
                }
                out[i * m + c] = v;
            }
        }
        return out;
    }

    // Internal arrays for the solvers of this package, which copy what they change.
    double[] diagonalArray() {
        return diag;
    }

    double[] offDiagonalArray() {
        return off;
    }

    double[] carriedArray() {
        return carried;
    }

    private static double[] lowerSymmetricCopy(DenseMatrix a) {
        int n = a.rows();
        double[] src = a.data();
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = src[i * n + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("symmetric matrix has a non-finite entry " + v
                            + " at (" + i + ", " + j + ")");
                }
                w[i * n + j] = v;
                w[j * n + i] = v;
            }
        }
        return w;
    }

    /**
     * Reduces {@code w} (n x n, both triangles) to tridiagonal {@code T = Q^T A Q} by reflections
     * {@code H_k = I - tau v v^T} acting on indices k+1..n-1, applying each to the passenger block
     * {@code p} (n x m), which ends as {@code Q^T C}.
     */
    private static void tridiagonalize(double[] w, int n, double[] diag, double[] off, double[] p, int m) {
        double[] v = new double[n];
        double[] q = new double[n];
        double[] s = new double[m];
        for (int k = 0; k < n - 2; k++) {
            double scale = 0;
            for (int i = k + 1; i < n; i++) {
                scale = Math.max(scale, Math.abs(w[i * n + k]));
            }
            if (scale == 0) { // column already reduced
                off[k] = 0;
                continue;
            }
            double norm2 = 0;
            for (int i = k + 1; i < n; i++) {
                v[i] = w[i * n + k] / scale;
                norm2 += v[i] * v[i];
            }
            double alpha = -Math.copySign(Math.sqrt(norm2), v[k + 1]);
            off[k] = alpha * scale;
            v[k + 1] -= alpha;
            double vv = 0;
            for (int i = k + 1; i < n; i++) {
                vv += v[i] * v[i];
            }
            double tau = 2 / vv;
            // q = tau A22 v, then w = q - (tau/2)(q.v) v, and A22 -= v w^T + w v^T, on the lower triangle only
            // (A22 is symmetric): row i adds its part left of the diagonal to q[j] (an axpy, which the JIT
            // vectorises) and its dot product with v to q[i].
            java.util.Arrays.fill(q, k + 1, n, 0.0);
            for (int i = k + 1; i < n; i++) {
                int row = i * n;
                double vi = v[i];
                double dot = 0;
                for (int j = k + 1; j < i; j++) {
                    q[j] += vi * w[row + j];
                    dot += w[row + j] * v[j];
                }
                q[i] += dot + w[row + i] * vi;
            }
            double qv = 0;
            for (int i = k + 1; i < n; i++) {
                q[i] *= tau;
                qv += q[i] * v[i];
            }
            double half = 0.5 * tau * qv;
            for (int i = k + 1; i < n; i++) {
                q[i] -= half * v[i];
            }
            for (int i = k + 1; i < n; i++) {
                int row = i * n;
                double vi = v[i];
                double qi = q[i];
                for (int j = k + 1; j <= i; j++) {
                    w[row + j] -= vi * q[j] + qi * v[j];
                }
            }
            reflect(p, m, v, tau, k + 1, n, s);
        }
        for (int i = 0; i < n; i++) {
            diag[i] = w[i * n + i];
        }
        if (n >= 2) {
            off[n - 2] = w[(n - 1) * n + n - 2];
        }
    }

    /** {@code p <- (I - tau v v^T) p} on rows from..to-1, row by row (p is row-major); {@code s} is scratch of length m. */
    private static void reflect(double[] p, int m, double[] v, double tau, int from, int to, double[] s) {
        java.util.Arrays.fill(s, 0.0);
        for (int i = from; i < to; i++) {
            double vi = v[i];
            int row = i * m;
            for (int c = 0; c < m; c++) {
                s[c] += vi * p[row + c];
            }
        }
        for (int i = from; i < to; i++) {
            double vi = tau * v[i];
            int row = i * m;
            for (int c = 0; c < m; c++) {
                p[row + c] -= vi * s[c];
            }
        }
    }
}
