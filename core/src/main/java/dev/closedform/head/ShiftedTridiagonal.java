package dev.closedform.head;

/**
 * {@code T + a I = L D L^T} for a symmetric tridiagonal {@code T} and a shift {@code a} that makes it
 * positive definite (for the heads: {@code T} similar to a Gram matrix, {@code a > 0}), in {@code O(d)};
 * then block solves in {@code O(d m)} and the trace of the inverse in {@code O(d)}. No pivoting: for a
 * positive definite tridiagonal the plain factorisation is stable.
 */
final class ShiftedTridiagonal {

    private final double[] pivots;
    /** {@code l[i] = off[i] / pivots[i]}, the sub-diagonal of the unit lower factor. */
    private final double[] lower;
    private final double[] diag;
    private final double[] off;
    private final double shift;

    private ShiftedTridiagonal(double[] pivots, double[] lower, double[] diag, double[] off, double shift) {
        this.pivots = pivots;
        this.lower = lower;
        this.diag = diag;
        this.off = off;
        this.shift = shift;
    }

    /** @throws NotPositiveDefiniteException when a pivot is not positive */
    static ShiftedTridiagonal factor(double[] diag, double[] off, double shift) {
        int n = diag.length;
        double[] pivots = new double[n];
        double[] lower = new double[Math.max(0, n - 1)];
        for (int i = 0; i < n; i++) {
            double p = diag[i] + shift;
            if (i > 0) {
                p -= lower[i - 1] * off[i - 1];
            }
            if (!(p > 0)) {
                throw NotPositiveDefiniteException.atPivot(i, p, diag[i] + shift, n);
            }
            pivots[i] = p;
            if (i + 1 < n) {
                lower[i] = off[i] / p;
            }
        }
        return new ShiftedTridiagonal(pivots, lower, diag, off, shift);
    }

    /** {@code (T + a I)^{-1} b} for a d x m block (row-major); {@code b} is left untouched. */
    double[] solve(double[] b, int m) {
        int n = pivots.length;
        double[] x = b.clone();
        for (int i = 1; i < n; i++) {
            double l = lower[i - 1];
            int row = i * m;
            int above = row - m;
            for (int c = 0; c < m; c++) {
                x[row + c] -= l * x[above + c];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double inv = 1 / pivots[i];
            int row = i * m;
            for (int c = 0; c < m; c++) {
                x[row + c] *= inv;
            }
            if (i + 1 < n) {
                double l = lower[i];
                int below = row + m;
                for (int c = 0; c < m; c++) {
                    x[row + c] -= l * x[below + c];
                }
            }
        }
        return x;
    }

    /**
     * {@code tr (T + a I)^{-1}}: with the pivots {@code d_i} of the elimination from the top and {@code e_i}
     * of the one from the bottom, {@code [(T + a I)^{-1}]_ii = 1 / (d_i - off_i^2 / e_{i+1})}.
     */
    double traceOfInverse() {
        int n = pivots.length;
        double trace = 1 / pivots[n - 1];
        double fromBelow = diag[n - 1] + shift;
        for (int i = n - 2; i >= 0; i--) {
            double coupling = off[i] * off[i] / fromBelow;
            trace += 1 / (pivots[i] - coupling);
            fromBelow = diag[i] + shift - coupling;
        }
        return trace;
    }
}
