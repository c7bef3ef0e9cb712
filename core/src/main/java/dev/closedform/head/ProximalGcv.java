package dev.closedform.head;

/**
 * Generalised cross-validation (GCV) of the proximal ridge problem of one batch, for any
 * {@code (lambda, beta)}, from one eigendecomposition:
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
 * <p>{@code Wprev} is fixed before the batch is seen (it was fitted on earlier batches), so the fit is
 * affine in the batch's targets with slope {@code H} and GCV applies unchanged: {@code lambda -> infinity}
 * scores {@code Wprev} itself out of sample ({@code df = 0}).
 */
public final class ProximalGcv {

    private final long rows;
    private final int outputs;
    private final double[] s;
    /** Per eigen-direction: ||p_i||^2, p_i . r_i, ||r_i||^2. */
    private final double[] pp;
    private final double[] pr;
    private final double[] rr;
    /** ||Y||^2, tr(Y^T Phi Wprev^T), ||Phi Wprev^T||^2. */
    private final double yy;
    private final double yw;
    private final double ww;

    private ProximalGcv(long rows, int outputs, double[] s, double[] pp, double[] pr, double[] rr,
                        double yy, double yw, double ww) {
        this.rows = rows;
        this.outputs = outputs;
        this.s = s;
        this.pp = pp;
        this.pr = pr;
        this.rr = rr;
        this.yy = yy;
        this.yw = yw;
        this.ww = ww;
    }

    /**
     * From Gram statistics (they must carry {@link GramStatistics#targetSquares()}): one d x d
     * eigendecomposition that carries {@code [B^T | Wprev^T]} along.
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
        SymmetricEigen eigen = SymmetricEigen.project(stats.gramView(), passengers);
        double[] s = clampedValues(eigen);
        DenseMatrix p = eigen.projected();
        double[] pp = new double[d];
        double[] pr = new double[d];
        double[] rr = new double[d];
        double yw = 0;
        double ww = 0;
        for (int i = 0; i < d; i++) {
            for (int r = 0; r < o; r++) {
                double pi = p.get(i, r);
                pp[i] += pi * pi;
                if (previous != null) {
                    double qi = p.get(i, o + r); // v_i^T Wprev^T; r_i = s_i q_i
                    pr[i] += s[i] * pi * qi;
                    rr[i] += s[i] * s[i] * qi * qi;
                    yw += pi * qi;
                    ww += s[i] * qi * qi;
                }
            }
        }
        return new ProximalGcv(stats.rows(), o, s, pp, pr, rr, stats.targetSquares(), yw, ww);
    }

    /**
     * From the raw rows of a batch through the n x n kernel {@code K = Phi Phi^T = U diag(s) U^T}
     * (same non-zero eigenvalues as {@code Phi^T Phi}; {@code z_i = sqrt(s_i) u_i^T Y~}).
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
        SymmetricEigen eigen = SymmetricEigen.project(kernel, passengers);
        double[] s = clampedValues(eigen);
        DenseMatrix p = eigen.projected();
        double[] pp = new double[n];
        double[] pr = new double[n];
        double[] rr = new double[n];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < o; r++) {
                double pi = p.get(i, r);
                pp[i] += s[i] * pi * pi;
                if (fitted != null) {
                    double ri = p.get(i, o + r);
                    pr[i] += s[i] * pi * ri;
                    rr[i] += s[i] * ri * ri;
                }
            }
        }
        return new ProximalGcv(n, o, s, pp, pr, rr, yy, yw, ww);
    }

    /** Rows of the batch. */
    public long rows() {
        return rows;
    }

    /** {@code tr H} at {@code (lambda, beta)}. */
    public double degreesOfFreedom(double lambda, double beta) {
        double a = rows * penalty(lambda, beta);
        double df = 0;
        for (double si : s) {
            df += si / (si + a);
        }
        return df;
    }

    /** {@code ||Y - Phi W(lambda, beta)^T||^2} on the batch, summed over outputs. */
    public double residualSumOfSquares(double lambda, double beta) {
        double c = penalty(lambda, beta);
        double rho = lambda / c;
        double a = rows * c;
        double sum = yy - 2 * rho * yw + rho * rho * ww;
        for (int i = 0; i < s.length; i++) {
            double z2 = pp[i] - 2 * rho * pr[i] + rho * rho * rr[i];
            double den = s[i] + a;
            sum -= z2 * (s[i] + 2 * a) / (den * den);
        }
        return Math.max(0, sum);
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
        double a = rows * c;
        double df = 0;
        double fp = 0;
        double fx = 0;
        double fr = 0;
        for (int i = 0; i < s.length; i++) {
            double si = s[i];
            double inv = 1 / (si + a);
            double f = (si + 2 * a) * inv * inv;
            df += si * inv;
            fp += pp[i] * f;
            fx += pr[i] * f;
            fr += rr[i] * f;
        }
        double free = 1 - df / rows;
        for (int k = 0; k < rhos.length; k++) {
            double rho = rhos[k];
            double rss = (yy - fp) - 2 * rho * (yw - fx) + rho * rho * (ww - fr);
            out[k] = free > 1e-12 ? Math.max(0, rss) / ((double) rows * outputs) / (free * free) : Double.POSITIVE_INFINITY;
        }
    }

    private static double penalty(double lambda, double beta) {
        if (!(lambda >= 0) || !(beta >= 0) || !(lambda + beta > 0) || !Double.isFinite(lambda + beta)) {
            throw new IllegalArgumentException("GCV needs lambda >= 0, beta >= 0 and lambda + beta > 0 finite, got lambda="
                    + lambda + ", beta=" + beta);
        }
        return lambda + beta;
    }

    /** Eigenvalues of a Gram matrix are >= 0; rounding can leave tiny negatives. */
    private static double[] clampedValues(SymmetricEigen eigen) {
        double[] s = eigen.values();
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(0, s[i]);
        }
        return s;
    }

    private static void checkPrevious(DenseMatrix previous, int o, int d) {
        if (previous != null && (previous.rows() != o || previous.cols() != d)) {
            throw new IllegalArgumentException("previous weights are " + previous.shape() + " but must be o x d = " + o + "x" + d);
        }
    }
}
