package dev.closedform.head;

/**
 * Generalised cross-validation (GCV) of the proximal ridge problem of one batch, for any
 * {@code (lambda, beta)}, from one tridiagonal reduction of the Gram matrix:
 * <pre>
 *   W(lambda, beta) = argmin (1/n) ||Y - Phi W^T||^2 + lambda ||W - Wprev||^2 + beta ||W||^2
 *   GCV(lambda, beta) = (RSS / (n o)) / (1 - df / n)^2
 * </pre>
 * With {@code c = lambda + beta} the penalty is {@code c ||W - M||^2 + const} around the centre
 * {@code M = rho Wprev}, {@code rho = lambda / c}; so {@code W = M + ridge solve of the shifted targets
 * Y~ = Y - Phi M^T} with penalty {@code c}, whose fit is linear in {@code Y~} with hat matrix
 * {@code H = Phi (G + a I)^{-1} Phi^T}, {@code G = Phi^T Phi = V diag(s) V^T}, {@code a = n c}. With
 * {@code z_i = v_i^T Phi^T Y~} (an o-vector),
 * <pre>
 *   df  = tr H = sum_i s_i / (s_i + a)
 *   RSS = ||Y~ - H Y~||^2 = ||Y~||^2 - sum_i ||z_i||^2 (s_i + 2a) / (s_i + a)^2
 * </pre>
 * and the centre enters only through {@code z_i = p_i - rho r_i} ({@code p = V^T B^T}, {@code B = Y^T Phi};
 * {@code r = V^T G Wprev^T}) and {@code ||Y~||^2 = ||Y||^2 - 2 rho tr(B Wprev^T) + rho^2 tr(Wprev G Wprev^T)}.
 * Everything is a function of the Gram statistics ({@link #of}), so shards and workers only ship sums;
 * with the raw rows of a batch smaller than its feature count, the n x n kernel {@code Phi Phi^T} has the
 * same non-zero spectrum and is cheaper ({@link #ofRows}).
 *
 * <p>The sums over eigen-directions are spectral functions, {@code sum_i ||z_i||^2 f(s_i) = tr(Z^T f(G) Z)},
 * so they need no eigenvectors: with the tridiagonal reduction {@code G = Q T Q^T} carrying the
 * o-column blocks to {@code Q^T (.)}, and {@code f(s) = (s + 2a) / (s + a)^2 = 1/(s+a) + a/(s+a)^2},
 * one solve {@code X = (T + a I)^{-1} Q^T Z} gives {@code tr(Z^T f(G) Z) = tr(Z^T Q X) + a ||X||^2}, and
 * {@code df = d - a tr (T + a I)^{-1}}. A penalty then costs {@code O(d o)} after one {@code 4/3 d^3}
 * reduction, about half what the eigendecomposition cost at d = 129 (its QR sweeps, which rotated the
 * carried columns, are skipped). In the kernel form the weights are {@code s f(s) = 1 - a^2 / (s + a)^2}.
 *
 * <p>{@code Wprev} is fixed before the batch is seen (it was fitted on earlier batches), so the fit is
 * affine in the batch's targets with slope {@code H} and GCV applies unchanged: {@code lambda -> infinity}
 * scores {@code Wprev} itself out of sample ({@code df = 0}).
 */
public final class ProximalGcv {

    private final long rows;
    private final int outputs;
    /** The tridiagonal form of the Gram matrix (primal) or of the kernel (dual). */
    private final double[] diag;
    private final double[] off;
    /**
     * Primal: {@code [Q^T B^T | T Q^T Wprev^T]}; dual: {@code [Q^T Y | Q^T Phi Wprev^T]}; the second half is
     * absent without previous weights. Row-major, {@code width} columns.
     */
    private final double[] blocks;
    private final int width;
    private final boolean kernelForm;
    /** {@code 1e-12 ||T||} (Gershgorin): well above the reduction's rounding of {@code T}'s eigenvalues (about {@code d eps ||T||}). */
    private final double shiftFloor;
    /** ||Y||^2, tr(Y^T Phi Wprev^T), ||Phi Wprev^T||^2. */
    private final double yy;
    private final double yw;
    private final double ww;

    private ProximalGcv(long rows, int outputs, SymmetricTridiagonal t, double[] blocks, int width,
                        boolean kernelForm, double yy, double yw, double ww) {
        this.rows = rows;
        this.outputs = outputs;
        this.diag = t.diagonalArray();
        this.off = t.offDiagonalArray();
        this.blocks = blocks;
        this.width = width;
        this.kernelForm = kernelForm;
        double norm = 0;
        for (int i = 0; i < diag.length; i++) {
            double row = Math.abs(diag[i]) + (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < off.length ? Math.abs(off[i]) : 0);
            norm = Math.max(norm, row);
        }
        this.shiftFloor = 1e-12 * norm + Double.MIN_NORMAL;
        this.yy = yy;
        this.yw = yw;
        this.ww = ww;
    }

    /**
     * From Gram statistics (they must carry {@link GramStatistics#targetSquares()}): one d x d
     * tridiagonal reduction that carries {@code [B^T | Wprev^T]} along.
     *
     * @param previous {@code Wprev} (o x d), or null when there is none (then only {@code lambda = 0} makes sense)
     */
    public static ProximalGcv of(GramStatistics stats, DenseMatrix previous) {
        if (!stats.hasTargetSquares()) {
            throw new IllegalArgumentException("GCV needs the targets' sum of squares, which these statistics were assembled without");
        }
        if (stats.rows() <= 0) {
            throw new IllegalArgumentException("statistics hold no rows");
        }
        int d = stats.d();
        int o = stats.o();
        checkPrevious(previous, o, d);
        DenseMatrix b = stats.crossView();
        int m = previous == null ? o : 2 * o;
        DenseMatrix passengers = DenseMatrix.zeros(d, m);
        for (int j = 0; j < d; j++) {
            for (int r = 0; r < o; r++) {
                passengers.set(j, r, b.get(r, j));
                if (previous != null) {
                    passengers.set(j, o + r, previous.get(r, j));
                }
            }
        }
        SymmetricTridiagonal t = SymmetricTridiagonal.reduce(stats.gramView(), passengers);
        double[] blocks = t.carriedArray();
        double yw = 0;
        double ww = 0;
        if (previous != null) {
            // the second half becomes R = T Q^T Wprev^T (the basis image of G Wprev^T); yw = tr(P^T Q), ww = tr(Q^T R)
            double[] q = columns(blocks, d, m, o, o);
            double[] r = t.times(q, o);
            for (int i = 0; i < d; i++) {
                for (int c = 0; c < o; c++) {
                    yw += blocks[i * m + c] * q[i * o + c];
                    ww += q[i * o + c] * r[i * o + c];
                    blocks[i * m + o + c] = r[i * o + c];
                }
            }
        }
        return new ProximalGcv(stats.rows(), o, t, blocks, m, false, stats.targetSquares(), yw, ww);
    }

    /**
     * From the raw rows of a batch through the n x n kernel {@code K = Phi Phi^T} (same non-zero
     * eigenvalues as {@code Phi^T Phi}; with {@code K = U diag(s) U^T}, {@code z_i = sqrt(s_i) u_i^T Y~}).
     *
     * @param phi n x d features, y n x o targets, previous o x d or null
     */
    public static ProximalGcv ofRows(DenseMatrix phi, DenseMatrix y, DenseMatrix previous) {
        int n = phi.rows();
        int d = phi.cols();
        int o = y.cols();
        if (y.rows() != n || n == 0) {
            throw new IllegalArgumentException("features " + phi.shape() + " and targets " + y.shape() + " need the same, non-zero number of rows");
        }
        checkPrevious(previous, o, d);
        DenseMatrix kernel = phi.times(phi.transpose());
        DenseMatrix fitted = previous == null ? null : phi.times(previous.transpose()); // Phi Wprev^T, n x o
        int m = previous == null ? o : 2 * o;
        DenseMatrix passengers = DenseMatrix.zeros(n, m);
        double yy = 0;
        double yw = 0;
        double ww = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < o; r++) {
                double yi = y.get(i, r);
                passengers.set(i, r, yi);
                yy += yi * yi;
                if (fitted != null) {
                    double fi = fitted.get(i, r);
                    passengers.set(i, o + r, fi);
                    yw += yi * fi;
                    ww += fi * fi;
                }
            }
        }
        SymmetricTridiagonal t = SymmetricTridiagonal.reduce(kernel, passengers);
        return new ProximalGcv(n, o, t, t.carriedArray(), m, true, yy, yw, ww);
    }

    /** Rows of the batch. */
    public long rows() {
        return rows;
    }

    /** {@code tr H} at {@code (lambda, beta)}. */
    public double degreesOfFreedom(double lambda, double beta) {
        return sums(rows * penalty(lambda, beta))[0];
    }

    /** {@code ||Y - Phi W(lambda, beta)^T||^2} on the batch, summed over outputs. */
    public double residualSumOfSquares(double lambda, double beta) {
        double c = penalty(lambda, beta);
        double rho = lambda / c;
        double[] f = sums(rows * c);
        return Math.max(0, (yy - f[1]) - 2 * rho * (yw - f[2]) + rho * rho * (ww - f[3]));
    }

    /**
     * {@code (RSS / (n o)) / (1 - df/n)^2}: an estimate of the mean squared prediction error per target
     * entry of {@code W(lambda, beta)} on new rows like the batch's; infinite where {@code df} reaches {@code n}.
     */
    public double score(double lambda, double beta) {
        double c = penalty(lambda, beta);
        double[] out = new double[1];
        scores(c, new double[] {lambda / c}, out);
        return out[0];
    }

    /**
     * {@link #score} for one total penalty {@code c = lambda + beta} and several centre weights
     * {@code rho = lambda / c} at once: {@code df} and the three sums behind {@code RSS} depend on {@code c}
     * only, and {@code RSS} is a quadratic in {@code rho}, so each further {@code rho} costs O(1).
     */
    public void scores(double c, double[] rhos, double[] out) {
        if (!(c > 0) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("the total penalty lambda + beta must be finite and > 0, got " + c);
        }
        double[] f = sums(rows * c);
        double free = 1 - f[0] / rows;
        for (int k = 0; k < rhos.length; k++) {
            double rho = rhos[k];
            double rss = (yy - f[1]) - 2 * rho * (yw - f[2]) + rho * rho * (ww - f[3]);
            out[k] = free > 1e-12 ? Math.max(0, rss) / ((double) rows * outputs) / (free * free) : Double.POSITIVE_INFINITY;
        }
    }

    /**
     * At {@code a = n c}: {@code df} and the weighted sums {@code sum_i f(s_i) ||p_i||^2}, {@code .. p_i . r_i},
     * {@code .. ||r_i||^2} (in the kernel form with weights {@code s f(s)}), from one solve with {@code T + a I}.
     */
    private double[] sums(double penalty) {
        // below rounding level the reduction's zero eigenvalues may be slightly negative (the eigenvalues used to be
        // clamped at 0 for the same reason); a shift under the floor is indistinguishable from the floor
        double a = Math.max(penalty, shiftFloor);
        ShiftedTridiagonal shifted = ShiftedTridiagonal.factor(diag, off, a);
        double df = diag.length - a * shifted.traceOfInverse();
        double[] x = shifted.solve(blocks, width);
        int o = outputs;
        boolean withPrevious = width == 2 * o;
        double lx = 0; // tr(L^T X), L the first block
        double xx = 0;
        double lz = 0; // tr(L^T Z), Z the solve of the second block
        double xz = 0;
        double rz = 0; // tr(R^T Z)
        double zz = 0;
        for (int i = 0; i < diag.length; i++) {
            int row = i * width;
            for (int c = 0; c < o; c++) {
                double l = blocks[row + c];
                double xi = x[row + c];
                lx += l * xi;
                xx += xi * xi;
                if (withPrevious) {
                    double r = blocks[row + o + c];
                    double zi = x[row + o + c];
                    lz += l * zi;
                    xz += xi * zi;
                    rz += r * zi;
                    zz += zi * zi;
                }
            }
        }
        if (kernelForm) { // s f(s) = 1 - a^2 / (s + a)^2, and Q is orthogonal: tr(L^T L) = ||Y||^2 and so on
            double a2 = a * a;
            return new double[] {df, yy - a2 * xx, yw - a2 * xz, ww - a2 * zz};
        }
        return new double[] {df, lx + a * xx, lz + a * xz, rz + a * zz};
    }

    private static double penalty(double lambda, double beta) {
        if (!(lambda >= 0) || !(beta >= 0) || !(lambda + beta > 0) || !Double.isFinite(lambda + beta)) {
            throw new IllegalArgumentException("GCV needs lambda >= 0, beta >= 0 and lambda + beta > 0 finite, got lambda="
                    + lambda + ", beta=" + beta);
        }
        return lambda + beta;
    }

    /** Columns from..from+count-1 of a row-major d x m block, as a d x count block. */
    private static double[] columns(double[] block, int d, int m, int from, int count) {
        double[] out = new double[d * count];
        for (int i = 0; i < d; i++) {
            System.arraycopy(block, i * m + from, out, i * count, count);
        }
        return out;
    }

    private static void checkPrevious(DenseMatrix previous, int o, int d) {
        if (previous != null && (previous.rows() != o || previous.cols() != d)) {
            throw new IllegalArgumentException("previous weights are " + previous.shape() + " but must be o x d = " + o + "x" + d);
        }
    }
}
