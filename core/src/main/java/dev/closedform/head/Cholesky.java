package dev.closedform.head;

/**
 * Cholesky factorisation {@code A = L L^T} of a symmetric positive definite matrix, in float64.
 *
 * <p>Only the lower triangle of {@code A} is read. A pivot is rejected (with
 * {@link NotPositiveDefiniteException}, never a NaN) when it is not finite or not larger than
 * {@code RELATIVE_PIVOT_TOLERANCE * n * A[j][j]}: an exactly singular matrix (duplicate feature columns)
 * leaves rounding-level pivots of that size, which would otherwise give enormous, meaningless weights.
 *
 * <p>One factorisation serves every right-hand side: {@link #solveRight} solves {@code X A = B} for
 * all o outputs (rows of B) of the head at once.
 */
public final class Cholesky {
    /** Floor of the relative pivot tolerance: float64 cannot resolve a column explained to 1 - 1e-12. */
    static final double MIN_RELATIVE_PIVOT = 1e-12;

    private final int n;
    /** Row-major n x n, lower triangle holds L, upper triangle zero. */
    private final double[] l;
    private final double minRelativePivot;

    private Cholesky(int n, double[] l, double minRelativePivot) {
        this.n = n;
        this.l = l;
        this.minRelativePivot = minRelativePivot;
    }

    /**
     * Pivots at or below this fraction of their diagonal entry count as zero:
     * {@code max(1e-12, 64 n eps)}, since rounding in an n x n Schur complement grows with n.
     */
    public static double relativePivotTolerance(int n) {
        return Math.max(MIN_RELATIVE_PIVOT, 64 * n * Math.ulp(1.0));
    }

    /**
     * Factors {@code spd}.
     *
     * @throws IllegalArgumentException if {@code spd} is not square or has non-finite entries
     * @throws NotPositiveDefiniteException if a pivot is not (numerically) positive
     */
    public static Cholesky factor(DenseMatrix spd) {
        if (spd.rows() != spd.cols()) {
            throw new IllegalArgumentException("Cholesky needs a square matrix, got " + spd.shape());
        }
        int n = spd.rows();
        double[] a = spd.data();
        double[] l = new double[n * n];
        double tol = relativePivotTolerance(n);
        double minRelative = Double.POSITIVE_INFINITY;
        // Row-by-row (Cholesky-Banachiewicz): both inner products walk contiguous rows of L.
        for (int i = 0; i < n; i++) {
            int rowI = i * n;
            for (int j = 0; j <= i; j++) {
                int rowJ = j * n;
                double s = a[rowI + j];
                if (!Double.isFinite(s)) {
                    throw new IllegalArgumentException("Cholesky input has a non-finite entry " + s
                            + " at (" + i + ", " + j + ") of a " + spd.shape() + " matrix");
                }
                for (int k = 0; k < j; k++) {
                    s -= l[rowI + k] * l[rowJ + k];
                }
                if (i == j) {
                    double diagonal = a[rowI + i];
                    if (!(s > tol * diagonal) || !(s > 0)) {
                        throw NotPositiveDefiniteException.atPivot(i, s, diagonal, n);
                    }
                    minRelative = Math.min(minRelative, s / diagonal);
                    l[rowI + i] = Math.sqrt(s);
                } else {
                    l[rowI + j] = s / l[rowJ + j];
                }
            }
        }
        return new Cholesky(n, l, minRelative);
    }

    /** Order of the factored matrix. */
    public int size() {
        return n;
    }

    /**
     * Smallest pivot / diagonal ratio met (1 for a diagonal matrix, near the tolerance when nearly
     * singular); a cheap conditioning diagnostic for logs. Infinity for a 0 x 0 matrix.
     */
    public double minRelativePivot() {
        return minRelativePivot;
    }

    /** A copy of the lower-triangular factor L. */
    public DenseMatrix lower() {
        return DenseMatrix.of(n, n, l);
    }

    /**
     * Solves {@code X A = B}, i.e. {@code X = B A^{-1}}, for B of shape o x n (each row one output).
     * Since A is symmetric each row x solves {@code A x = b}.
     */
    public DenseMatrix solveRight(DenseMatrix b) {
        if (b.cols() != n) {
            throw new IllegalArgumentException("solveRight: B is " + b.shape() + " but A is " + n + "x" + n
                    + " (B needs " + n + " columns)");
        }
        DenseMatrix x = b.copy();
        double[] xd = x.data();
        for (int r = 0; r < b.rows(); r++) {
            int off = r * n;
            // Forward: L y = b (dot product with contiguous row i of L).
            for (int i = 0; i < n; i++) {
                double s = xd[off + i];
                int rowI = i * n;
                for (int k = 0; k < i; k++) {
                    s -= l[rowI + k] * xd[off + k];
                }
                xd[off + i] = s / l[rowI + i];
            }
            // Backward: L^T x = y, column-oriented so it also walks row i of L contiguously.
            for (int i = n - 1; i >= 0; i--) {
                int rowI = i * n;
                double xi = xd[off + i] / l[rowI + i];
                xd[off + i] = xi;
                for (int k = 0; k < i; k++) {
                    xd[off + k] -= l[rowI + k] * xi;
                }
            }
        }
        return x;
    }

    /** Solves {@code A X = B} for B of shape n x m, operating on whole rows of B at a time. */
    public DenseMatrix solve(DenseMatrix b) {
        if (b.rows() != n) {
            throw new IllegalArgumentException("solve: B is " + b.shape() + " but A is " + n + "x" + n
                    + " (B needs " + n + " rows)");
        }
        int m = b.cols();
        DenseMatrix x = b.copy();
        double[] xd = x.data();
        // Forward: row_i <- (row_i - sum_{k<i} L_ik row_k) / L_ii.
        for (int i = 0; i < n; i++) {
            int rowI = i * n;
            for (int k = 0; k < i; k++) {
                double f = l[rowI + k];
                if (f != 0.0) {
                    axpy(-f, xd, k * m, xd, i * m, m);
                }
            }
            scaleRow(xd, i * m, m, 1.0 / l[rowI + i]);
        }
        // Backward with L^T: finalise row i, then eliminate it from rows k < i (L^T_ki = L_ik).
        for (int i = n - 1; i >= 0; i--) {
            int rowI = i * n;
            scaleRow(xd, i * m, m, 1.0 / l[rowI + i]);
            for (int k = 0; k < i; k++) {
                double f = l[rowI + k];
                if (f != 0.0) {
                    axpy(-f, xd, i * m, xd, k * m, m);
                }
            }
        }
        return x;
    }

    private static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        for (int j = 0; j < len; j++) {
            y[yOff + j] += alpha * x[xOff + j];
        }
    }

    private static void scaleRow(double[] x, int off, int len, double alpha) {
        for (int j = 0; j < len; j++) {
            x[off + j] *= alpha;
        }
    }
}
