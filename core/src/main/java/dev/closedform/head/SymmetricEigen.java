package dev.closedform.head;

import java.util.Arrays;

/**
 * Eigendecomposition {@code A = V diag(values) V^T} of a symmetric matrix in float64: Householder
 * reduction to tridiagonal form, then implicit symmetric QR steps with Wilkinson shifts.
 *
 * <p>What the heads need is rarely {@code V} itself but {@code V^T C} for a thin block {@code C}
 * (d x m with m a few outputs): {@link #project} carries {@code C} through every reflection and
 * rotation instead of accumulating {@code V}, so it costs about {@code 4/3 d^3 + O(d^2 m)} flops
 * rather than the {@code ~9 d^3} of a full decomposition. {@link #of} is the special case
 * {@code C = I}. Only the lower triangle of {@code A} is read.
 */
public final class SymmetricEigen {

    private static final int MAX_SWEEPS_PER_VALUE = 60;

    private final double[] values;
    private final DenseMatrix projected;

    private SymmetricEigen(double[] values, DenseMatrix projected) {
        this.values = values;
        this.projected = projected;
    }

    /** Eigenvalues (ascending) and eigenvectors of {@code a}. */
    public static SymmetricEigen of(DenseMatrix a) {
        return project(a, DenseMatrix.identity(a.rows()));
    }

    /**
     * Eigenvalues (ascending) of {@code a} and the block {@code V^T c}: row {@code i} of
     * {@link #projected()} is {@code v_i^T c} for the eigenvector {@code v_i} of {@code values()[i]}.
     *
     * @param a symmetric d x d (lower triangle read)
     * @param c d x m, left untouched
     */
    public static SymmetricEigen project(DenseMatrix a, DenseMatrix c) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("eigendecomposition needs a square matrix, got " + a.shape());
        }
        if (c.rows() != a.rows()) {
            throw new IllegalArgumentException("the projected block has " + c.rows() + " rows; the matrix is " + a.shape());
        }
        int n = a.rows();
        double[] work = lowerSymmetricCopy(a);
        double[] p = c.data().clone();
        int m = c.cols();
        double[] diag = new double[n];
        double[] off = new double[Math.max(0, n - 1)];
        tridiagonalize(work, n, diag, off, p, m);
        diagonalize(diag, off, p, m);
        return sorted(diag, p, n, m);
    }

    /** The eigenvalues, ascending. */
    public double[] values() {
        return values.clone();
    }

    /** {@code V^T C} (d x m), rows in the order of {@link #values()}; for {@link #of}, {@code V^T}. */
    public DenseMatrix projected() {
        return projected.copy();
    }

    /** The eigenvectors as columns (d x d); only for {@link #of}, where {@link #projected()} is {@code V^T}. */
    public DenseMatrix vectors() {
        return projected.transpose();
    }

    private static double[] lowerSymmetricCopy(DenseMatrix a) {
        int n = a.rows();
        double[] src = a.data();
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = src[i * n + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("eigendecomposition input has a non-finite entry " + v
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
            reflect(p, m, v, tau, k + 1, n);
        }
        for (int i = 0; i < n; i++) {
            diag[i] = w[i * n + i];
        }
        if (n >= 2) {
            off[n - 2] = w[(n - 1) * n + n - 2];
        }
    }

    /** {@code p <- (I - tau v v^T) p} on rows from..to-1, row by row (p is row-major). */
    private static void reflect(double[] p, int m, double[] v, double tau, int from, int to) {
        double[] s = new double[m];
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

    /**
     * Diagonalises the tridiagonal matrix ({@code diag}, {@code off}; off[i] couples i and i+1) by
     * implicit QR steps with the Wilkinson shift, deflating from the bottom; every rotation
     * {@code G^T} is applied to rows i, i+1 of the passenger block.
     */
    private static void diagonalize(double[] diag, double[] off, double[] p, int m) {
        int n = diag.length;
        int hi = n - 1;
        int sweeps = 0;
        while (hi > 0) {
            if (negligible(off[hi - 1], diag[hi - 1], diag[hi])) {
                off[hi - 1] = 0;
                hi--;
                sweeps = 0;
                continue;
            }
            int lo = hi - 1;
            while (lo > 0 && !negligible(off[lo - 1], diag[lo - 1], diag[lo])) {
                lo--;
            }
            if (++sweeps > MAX_SWEEPS_PER_VALUE) {
                throw new ArithmeticException("symmetric eigendecomposition did not converge (block " + lo + ".." + hi + ")");
            }
            qrStep(diag, off, p, m, lo, hi);
        }
    }

    private static boolean negligible(double e, double a, double b) {
        return Math.abs(e) <= 0x1p-52 * (Math.abs(a) + Math.abs(b)) || Math.abs(e) < Double.MIN_NORMAL;
    }

    /** One implicit shifted QR step on the unreduced block lo..hi: chase the bulge down with Givens rotations. */
    private static void qrStep(double[] diag, double[] off, double[] p, int m, int lo, int hi) {
        double delta = 0.5 * (diag[hi - 1] - diag[hi]);
        double b = off[hi - 1];
        // b * (b / r), not b * b / r: for a tiny coupling b * b underflows to 0, the step loses its shift, and a
        // block with equal diagonals is swapped back and forth forever
        double shift = diag[hi] - b * (b / (delta + Math.copySign(Math.hypot(delta, b), delta == 0 ? 1 : delta)));
        double x = diag[lo] - shift;
        double z = off[lo];
        for (int k = lo; k < hi; k++) {
            double r = Math.hypot(x, z);
            double c = r == 0 ? 1 : x / r;
            double s = r == 0 ? 0 : z / r;
            if (k > lo) {
                off[k - 1] = r;
            }
            double d1 = diag[k];
            double d2 = diag[k + 1];
            double e = off[k];
            diag[k] = c * c * d1 + 2 * c * s * e + s * s * d2;
            diag[k + 1] = s * s * d1 - 2 * c * s * e + c * c * d2;
            off[k] = c * s * (d2 - d1) + (c * c - s * s) * e;
            if (k + 1 < hi) {
                z = s * off[k + 1];
                off[k + 1] *= c;
                x = off[k];
            }
            int rk = k * m;
            int rk1 = (k + 1) * m;
            for (int col = 0; col < m; col++) {
                double a = p[rk + col];
                double bb = p[rk1 + col];
                p[rk + col] = c * a + s * bb;
                p[rk1 + col] = -s * a + c * bb;
            }
        }
    }

    private static SymmetricEigen sorted(double[] diag, double[] p, int n, int m) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(diag[i], diag[j]));
        double[] values = new double[n];
        double[] rows = new double[n * m];
        for (int i = 0; i < n; i++) {
            values[i] = diag[order[i]];
            System.arraycopy(p, order[i] * m, rows, i * m, m);
        }
        return new SymmetricEigen(values, DenseMatrix.of(n, m, rows));
    }
}
