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
    /**
     * The upper factor U of A = U^T U, one array per row (row i holds U[i][i..n-1] from index i on). Separate
     * arrays matter for speed: HotSpot's C2 vectorises an update of one array by another but not one between
     * two places of the same array, which it cannot prove apart (a length-128 axpy ran 3.6 times faster).
     */
    private final double[][] u;
    private final double minRelativePivot;

    private Cholesky(int n, double[][] u, double minRelativePivot) {
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
        return factor(spd, 1.0, 0.0, 0.0);
    }

    /**
     * Factors {@code scale * spd + shift * I} less {@code lastLess} on the last diagonal entry, without
     * forming that matrix: the proximal solve's system from the Gram statistics in one pass, rounded as
     * forming it first would round it.
     */
    static Cholesky factor(DenseMatrix spd, double scale, double shift, double lastLess) {
        int n = spd.rows();
        double[] a = spd.data();
        double tol = relativePivotTolerance(n);
        double minRelative = Double.POSITIVE_INFINITY;
        // Right-looking factorisation A = U^T U: every update is an axpy of one row by another.
        double[][] u = new double[n][n];
        double[] diagonal = new double[n];
        for (int j = 0; j < n; j++) { // the lower triangle is the input: row j's entries before the diagonal are column j of U
            int rowJ = j * n;
            for (int i = 0; i <= j; i++) {
                double v = a[rowJ + i];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("Cholesky input has a non-finite entry " + v
                            + " at (" + j + ", " + i + ") of a " + spd.shape() + " matrix");
                }
                u[i][j] = scale * v;
            }
            u[j][j] += shift;
            if (j == n - 1) {
                u[j][j] -= lastLess;
            }
            diagonal[j] = u[j][j];
        }
        // Blocked by panels of PANEL rows: within a panel, rank-1 updates as above; the rows below it get
        // the panel's rank-PANEL update four rows at a time, so each trailing entry is read and written
        // once per four pivots instead of once per pivot.
        for (int k0 = 0; k0 < n; k0 += PANEL) {
            int k1 = Math.min(n, k0 + PANEL);
            for (int k = k0; k < k1; k++) {
                double[] rowK = u[k];
                double pivot = rowK[k];
                if (!(pivot > tol * diagonal[k]) || !(pivot > 0)) {
                    throw NotPositiveDefiniteException.atPivot(k, pivot, diagonal[k], n);
                }
                minRelative = Math.min(minRelative, pivot / diagonal[k]);
                double root = Math.sqrt(pivot);
                rowK[k] = root;
                double inverse = 1 / root;
                for (int j = k + 1; j < n; j++) {
                    rowK[j] *= inverse;
                }
                for (int i = k + 1; i < k1; i++) {
                    double f = rowK[i];
                    if (f != 0) {
                        axpy(-f, rowK, u[i], i, n);
                    }
                }
            }
            for (int i = k1; i < n; i++) {
                double[] rowI = u[i];
                int k = k0;
                for (; k + 3 < k1; k += 4) {
                    double[] r0 = u[k];
                    double[] r1 = u[k + 1];
                    double[] r2 = u[k + 2];
                    double[] r3 = u[k + 3];
                    double f0 = r0[i];
                    double f1 = r1[i];
                    double f2 = r2[i];
                    double f3 = r3[i];
                    for (int j = i; j < n; j++) {
                        rowI[j] -= f0 * r0[j] + f1 * r1[j] + f2 * r2[j] + f3 * r3[j];
                    }
                }
                for (; k < k1; k++) {
                    double[] r = u[k];
                    axpy(-r[i], r, rowI, i, n);
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
        DenseMatrix l = DenseMatrix.zeros(n, n);
        for (int k = 0; k < n; k++) {
            for (int i = k; i < n; i++) {
                l.set(i, k, u[k][i]);
            }
        }
        return l;
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
        double[] bd = b.data();
        double[] x = new double[n];
        double[] out = new double[b.rows() * n];
        double[][] l = transposed();
        for (int r = 0; r < b.rows(); r++) {
            System.arraycopy(bd, r * n, x, 0, n);
            // Forward: U^T z = b, eliminating with rows of U.
            for (int k = 0; k < n; k++) {
                double[] rowK = u[k];
                double zk = x[k] / rowK[k];
                x[k] = zk;
                axpy(-zk, rowK, x, k + 1, n);
            }
            // Backward: U x = z. Once x_i is final, take x_i times column i of U (row i of U^T) off the
            // entries above: an axpy, where a dot product per row does not vectorise.
            for (int i = n - 1; i >= 0; i--) {
                double xi = x[i] / u[i][i];
                x[i] = xi;
                axpy(-xi, l[i], x, 0, i);
            }
            System.arraycopy(x, 0, out, r * n, n);
        }
        return DenseMatrix.of(b.rows(), n, out);
    }

    /** U^T by rows (the lower factor), for column-oriented substitution. */
    private double[][] transposed() {
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new double[i + 1];
        }
        for (int k = 0; k < n; k++) {
            double[] rowK = u[k];
            for (int i = k; i < n; i++) {
                l[i][k] = rowK[i];
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
            double[] rowK = u[k];
            scaleRow(xd, k * m, m, 1.0 / rowK[k]);
            for (int j = k + 1; j < n; j++) {
                double f = rowK[j];
                if (f != 0.0) {
                    axpy(-f, xd, k * m, xd, j * m, m);
                }
            }
        }
        // Backward: U X = Z; row i gets the contributions of the finished rows j > i.
        for (int i = n - 1; i >= 0; i--) {
            double[] rowI = u[i];
            for (int j = i + 1; j < n; j++) {
                double f = rowI[j];
                if (f != 0.0) {
                    axpy(-f, xd, j * m, xd, i * m, m);
                }
            }
            scaleRow(xd, i * m, m, 1.0 / rowI[i]);
        }
        return x;
    }

    private static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        for (int j = 0; j < len; j++) {
            y[yOff + j] += alpha * x[xOff + j];
        }
    }

    /** {@code y[from..to) += alpha x[from..to)}, x and y distinct arrays (see {@link #u}). */
    private static void axpy(double alpha, double[] x, double[] y, int from, int to) {
        for (int j = from; j < to; j++) {
            y[j] += alpha * x[j];
        }
    }

    private static void scaleRow(double[] x, int off, int len, double alpha) {
        for (int j = 0; j < len; j++) {
            x[off + j] *= alpha;
        }
    }
}
