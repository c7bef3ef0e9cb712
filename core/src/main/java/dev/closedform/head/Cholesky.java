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
    /** Rows per panel of the blocked factorisation. */
    private static final int PANEL = 8;

    private final int n;
    /** The upper factor U of A = U^T U, row-major (equivalently L = U^T column-major). */
    private final double[] u;
    private final double minRelativePivot;

    private Cholesky(int n, double[] u, double minRelativePivot) {
        this.n = n;
        this.u = u;
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
        double tol = relativePivotTolerance(n);
        double minRelative = Double.POSITIVE_INFINITY;
        // Right-looking factorisation A = U^T U with U row-major: every update is an axpy over a
        // contiguous row, which the JIT vectorises (a dot-product formulation does not vectorise).
        double[] u = new double[n * n];
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = a[j * n + i]; // the lower triangle is the input
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("Cholesky input has a non-finite entry " + v
                            + " at (" + j + ", " + i + ") of a " + spd.shape() + " matrix");
                }
                u[i * n + j] = v;
            }
            diagonal[i] = a[i * n + i];
        }
        // Blocked by panels of PANEL rows: within a panel, rank-1 updates as above; the rows below it get
        // the panel's rank-PANEL update four rows at a time, so each trailing entry is read and written
        // once per four pivots instead of once per pivot (about 25% faster at n = 129).
        for (int k0 = 0; k0 < n; k0 += PANEL) {
            int k1 = Math.min(n, k0 + PANEL);
            for (int k = k0; k < k1; k++) {
                int rowK = k * n;
                double pivot = u[rowK + k];
                if (!(pivot > tol * diagonal[k]) || !(pivot > 0)) {
                    throw NotPositiveDefiniteException.atPivot(k, pivot, diagonal[k], n);
                }
                minRelative = Math.min(minRelative, pivot / diagonal[k]);
                double root = Math.sqrt(pivot);
                u[rowK + k] = root;
                double inverse = 1 / root;
                for (int j = k + 1; j < n; j++) {
                    u[rowK + j] *= inverse;
                }
                for (int i = k + 1; i < k1; i++) {
                    double f = u[rowK + i];
                    if (f != 0) {
                        int rowI = i * n;
                        for (int j = i; j < n; j++) {
                            u[rowI + j] -= f * u[rowK + j];
                        }
                    }
                }
            }
            for (int i = k1; i < n; i++) {
                int rowI = i * n;
                int k = k0;
                for (; k + 3 < k1; k += 4) {
                    int r0 = k * n;
                    int r1 = r0 + n;
                    int r2 = r1 + n;
                    int r3 = r2 + n;
                    double f0 = u[r0 + i];
                    double f1 = u[r1 + i];
                    double f2 = u[r2 + i];
                    double f3 = u[r3 + i];
                    for (int j = i; j < n; j++) {
                        u[rowI + j] -= f0 * u[r0 + j] + f1 * u[r1 + j] + f2 * u[r2 + j] + f3 * u[r3 + j];
                    }
                }
                for (; k < k1; k++) {
                    int r = k * n;
                    double f = u[r + i];
                    for (int j = i; j < n; j++) {
                        u[rowI + j] -= f * u[r + j];
                    }
                }
            }
        }
        return new Cholesky(n, u, minRelative);
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

    /** A copy of the lower-triangular factor L (the transpose of the stored U). */
    public DenseMatrix lower() {
        return DenseMatrix.of(n, n, u).transpose();
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
        double[] l = transposed(); // l[i n + k] = u[k n + i]
        for (int r = 0; r < b.rows(); r++) {
            int off = r * n;
            // Forward: U^T z = b, eliminating with contiguous rows of U (vectorisable axpy).
            for (int k = 0; k < n; k++) {
                int rowK = k * n;
                double zk = xd[off + k] / u[rowK + k];
                xd[off + k] = zk;
                for (int j = k + 1; j < n; j++) {
                    xd[off + j] -= u[rowK + j] * zk;
                }
            }
            // Backward: U x = z. Once x_i is final, take x_i times column i of U (row i of U^T, contiguous)
            // off the entries above: an axpy the JIT vectorises, where a dot product per row does not.
            for (int i = n - 1; i >= 0; i--) {
                double xi = xd[off + i] / u[i * n + i];
                xd[off + i] = xi;
                int rowL = i * n;
                for (int k = 0; k < i; k++) {
                    xd[off + k] -= l[rowL + k] * xi;
                }
            }
        }
        return x;
    }

    /** U^T row-major (the lower factor), for column-oriented substitution. */
    private double[] transposed() {
        double[] l = new double[n * n];
        for (int k = 0; k < n; k++) {
            for (int i = k; i < n; i++) {
                l[i * n + k] = u[k * n + i];
            }
        }
        return l;
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
        // Forward: U^T Z = B; finalise row k, then eliminate it from rows j > k.
        for (int k = 0; k < n; k++) {
            int rowK = k * n;
            scaleRow(xd, k * m, m, 1.0 / u[rowK + k]);
            for (int j = k + 1; j < n; j++) {
                double f = u[rowK + j];
                if (f != 0.0) {
                    axpy(-f, xd, k * m, xd, j * m, m);
                }
            }
        }
        // Backward: U X = Z; row i gets the contributions of the finished rows j > i.
        for (int i = n - 1; i >= 0; i--) {
            int rowI = i * n;
            for (int j = i + 1; j < n; j++) {
                double f = u[rowI + j];
                if (f != 0.0) {
                    axpy(-f, xd, j * m, xd, i * m, m);
                }
            }
            scaleRow(xd, i * m, m, 1.0 / u[rowI + i]);
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
