package dev.closedform.head;

import java.util.Arrays;

/**
 * Eigendecomposition {@code A = V diag(values) V^T} of a symmetric matrix in float64: Householder
 * reduction to tridiagonal form ({@link SymmetricTridiagonal}), then implicit symmetric QR steps with
 * Wilkinson shifts.
 *
 * <p>{@link #project} gives {@code V^T C} for a thin block {@code C} (d x m) by carrying {@code C} through
 * every reflection and rotation instead of accumulating {@code V}: about {@code 4/3 d^3 + O(d^2 m)} flops
 * against the {@code ~9 d^3} of a full decomposition. {@link #of} is the special case {@code C = I}.
 * Spectral functions applied to a thin block need not even that: see {@link SymmetricTridiagonal}. Only
 * the lower triangle of {@code A} is read.
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
        SymmetricTridiagonal t = SymmetricTridiagonal.reduce(a, c);
        // the reduction's own arrays, which nothing else holds: diagonalised in place
        double[] diag = t.diagonalArray();
        double[] off = t.offDiagonalArray();
        double[] p = t.carriedArray();
        int m = c.cols();
        diagonalize(diag, off, p, m);
        return sorted(diag, p, diag.length, m);
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

    /**
     * {@code sqrt(x^2 + z^2)}; {@link Math#hypot} guards every call against overflow and is slow (a third of
     * the QR phase), so it is kept for the magnitudes where squaring could overflow or underflow.
     */
    private static double hypot(double x, double z) {
        double big = Math.max(Math.abs(x), Math.abs(z));
        if (big > 0x1p500 || big < 0x1p-500) {
            return Math.hypot(x, z);
        }
        return Math.sqrt(x * x + z * z);
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
        double shift = diag[hi] - b * (b / (delta + Math.copySign(hypot(delta, b), delta == 0 ? 1 : delta)));
        double x = diag[lo] - shift;
        double z = off[lo];
        for (int k = lo; k < hi; k++) {
            double r = hypot(x, z);
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
