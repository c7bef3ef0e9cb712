package dev.closedform.head;

import ai.djl.ndarray.NDArray;
import dev.closedform.engine.EngineSettings;

/**
 * Closed-form minimiser of the proximal last-layer objective (features as rows, bias column included):
 * <pre>
 *   L(W) = (1/n) sum_i ||y_i - W phi_i||^2 + lambda ||W - Wprev||^2 + beta ||W||^2
 *   W*   = (Y^T Phi / n + lambda Wprev) (Phi^T Phi / n + (lambda + beta) I)^{-1}        (primal, d x d)
 *        = (1/c) [B - (B Phi^T) (n c I_n + Phi Phi^T)^{-1} Phi],  c = lambda + beta,
 *                                     B = Y^T Phi / n + lambda Wprev                     (dual, n x n)
 * </pre>
 * {@code lambda = 0} is the per-batch ridge solve. The dual follows from the Woodbury identity and is
 * used when n &lt; d. Both systems are solved in float64 by {@link Cholesky}; a singular system
 * ({@code lambda + beta = 0} with rank-deficient features) raises {@link NotPositiveDefiniteException},
 * no jitter is added.
 */
public final class ProximalSolver {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private ProximalSolver() {
    }

    /** Primal solve from sufficient statistics. {@code previous} (o x d) may be null only if lambda == 0. */
    public static DenseMatrix solve(GramStatistics s, double lambda, double beta, DenseMatrix previous) {
        return solve(s, lambda, beta, previous, true);
    }

    /**
     * Primal solve; with {@code ridgeOnLastColumn = false} the ridge {@code beta} spares the last
     * column of {@code W} (an unpenalised bias, as in textbook ridge regression); the proximal term
     * still applies to it.
     */
    public static DenseMatrix solve(GramStatistics s, double lambda, double beta, DenseMatrix previous,
                                    boolean ridgeOnLastColumn) {
        return solve(s, lambda, beta, previous, ridgeOnLastColumn, 0);
    }

    /**
     * As {@link #solve(GramStatistics, double, double, DenseMatrix, boolean)} for statistics known only
     * up to a relative rounding error: null (instead of a solution or an exception) when the system's
     * smallest relative Cholesky pivot ({@link Cholesky#minRelativePivot}) is below {@code minRelativePivot},
     * i.e. when it is too close to singular for that error to be negligible; the caller then forms exact
     * statistics.
     */
    public static DenseMatrix solveIfWellConditioned(GramStatistics s, double lambda, double beta, DenseMatrix previous,
                                                     boolean ridgeOnLastColumn, double minRelativePivot) {
        try {
            return solve(s, lambda, beta, previous, ridgeOnLastColumn, minRelativePivot);
        } catch (NotPositiveDefiniteException e) {
            return null;
        }
    }

    private static DenseMatrix solve(GramStatistics s, double lambda, double beta, DenseMatrix previous,
                                     boolean ridgeOnLastColumn, double minRelativePivot) {
        validate(lambda, beta, previous, s.o(), s.d());
        if (s.rows() <= 0) {
            throw new IllegalArgumentException("statistics hold no rows; cannot form the mean data term");
        }
        double invN = 1.0 / s.rows();
        DenseMatrix b = s.crossView().scale(invN);
        if (lambda != 0.0) {
            b.addInPlace(lambda, previous);
        }
        // Gram / n + (lambda + beta) I, the ridge spared on the bias if asked, formed as it is factored
        Cholesky factor = Cholesky.factor(s.gramView(), invN, lambda + beta, ridgeOnLastColumn ? 0.0 : beta);
        if (factor.minRelativePivot() < minRelativePivot) {
            return null;
        }
        return factor.solveRight(b);
    }

    /**
     * Solves on a raw batch: the dual n x n form when it is clearly cheaper ({@link #prefersDual}),
     * else the primal via {@link GramStatistics} (products on the engine, d x d Cholesky on the JVM).
     *
     * @param features (n, d), bias column included
     * @param targets  (n, o)
     */
    public static DenseMatrix solve(NDArray features, NDArray targets, double lambda, double beta,
                                    DenseMatrix previous) {
        return solve(features, targets, lambda, beta, previous, true);
    }

    /** As {@link #solve(NDArray, NDArray, double, double, DenseMatrix)}; an unpenalised last column always takes the primal form. */
    public static DenseMatrix solve(NDArray features, NDArray targets, double lambda, double beta,
                                    DenseMatrix previous, boolean ridgeOnLastColumn) {
        long n = features.getShape().dimension() == 2 ? features.getShape().get(0) : -1;
        long d = features.getShape().dimension() == 2 ? features.getShape().get(1) : -1;
        if (ridgeOnLastColumn && n > 0 && prefersDual(n, d) && lambda + beta > 0) {
            DenseMatrix phi = DenseMatrix.fromNDArray(features);
            DenseMatrix y = DenseMatrix.fromNDArray(targets);
            return solveDual(phi, y, lambda, beta, previous);
        }
        return solve(GramStatistics.of(features, targets), lambda, beta, previous, ridgeOnLastColumn);
    }

    /**
     * The dual costs about n^2 d on the JVM plus an n^3/3 factorisation; the primal gets its Gram
     * matrix from the engine and factorises d^3/3. With n near d (batch 128, 129 features) the primal
     * wins; the dual pays off once n is well below d.
     */
    public static boolean prefersDual(long n, long d) {
        return 2 * n < d;
    }

    /**
     * Dual (Woodbury) form on JVM matrices; cheaper than the primal when n &lt; d.
     *
     * @param phi n x d features
     * @param y   n x o targets
     */
    public static DenseMatrix solveDual(DenseMatrix phi, DenseMatrix y, double lambda, double beta,
                                        DenseMatrix previous) {
        requireRowsMatch(phi, y);
        int n = phi.rows();
        int d = phi.cols();
        validate(lambda, beta, previous, y.cols(), d);
        double c = lambda + beta;
        if (c == 0.0) {
            if (n < d) {
                // Phi^T Phi has rank <= n < d: the primal system is singular, the dual divides by zero.
                throw new NotPositiveDefiniteException("Phi^T Phi / n is " + d + "x" + d + " with rank at most n="
                        + n + " < d=" + d + ", so it is singular when lambda + beta = 0;"
                        + " increase the ridge beta or the proximal coefficient lambda.", n, 0.0, d);
            }
            throw new IllegalArgumentException("the dual form needs lambda + beta > 0; use the primal solve");
        }
        // B = Y^T Phi / n + lambda Wprev  (o x d)
        DenseMatrix phiT = phi.transpose();
        DenseMatrix b = y.transpose().times(phi).scale(1.0 / n);
        if (lambda != 0.0) {
            b.addInPlace(lambda, previous);
        }
        // K = Phi Phi^T + n c I_n  (n x n)
        DenseMatrix k = phi.times(phiT).addToDiagonalInPlace(n * c);
        DenseMatrix coeff = Cholesky.factor(k).solveRight(b.times(phiT)); // (B Phi^T) K^{-1}, o x n
        return b.addInPlace(-1.0, coeff.times(phi)).scale(1.0 / c);
    }

    /**
     * Proximal solve whose pull towards the previous weights is measured in the batch's own feature scales
     * (a diagonal metric instead of the identity):
     * <pre>
     *   L(W) = (1/n) sum_i ||y_i - W phi_i||^2 + lambda sum_j D_jj ||W_:j - Wprev_:j||^2 + beta ||W||^2,
     *   D = diag(Phi^T Phi / n),   W* = (Y^T Phi / n + lambda Wprev D) (Phi^T Phi / n + lambda D + beta I)^{-1}
     * </pre>
     * Here lambda has no units: the previous weights count about as much as lambda batches of data in every
     * feature direction, whatever the features' scales. With the identity metric, features whose second moments
     * span orders of magnitude (e.g. outer products with an unnormalised feature) see the same lambda as
     * anything from a frozen coefficient to no pull at all.
     */
    public static DenseMatrix solveScaled(GramStatistics s, double lambda, double beta, DenseMatrix previous) {
        validate(lambda, beta, previous, s.o(), s.d());
        if (s.rows() <= 0) {
            throw new IllegalArgumentException("statistics hold no rows; cannot form the mean data term");
        }
        double invN = 1.0 / s.rows();
        DenseMatrix a = s.gramView().scale(invN);
        DenseMatrix b = s.crossView().scale(invN);
        for (int j = 0; j < s.d(); j++) {
            double pull = lambda * a.get(j, j);
            if (lambda != 0.0) {
                for (int r = 0; r < s.o(); r++) {
                    b.set(r, j, b.get(r, j) + pull * previous.get(r, j));
                }
            }
            a.set(j, j, a.get(j, j) + pull + beta);
        }
        return Cholesky.factor(a).solveRight(b);
    }

    /** Per-batch ridge solve (lambda = 0) from statistics. */
    public static DenseMatrix ridge(GramStatistics s, double beta) {
        return solve(s, 0.0, beta, null);
    }

    /** Per-batch ridge solve (lambda = 0) on a raw batch. */
    public static DenseMatrix ridge(NDArray features, NDArray targets, double beta) {
        return solve(features, targets, 0.0, beta, null);
    }

    /** {@code (1/n) sum_i ||y_i - W phi_i||^2 + beta ||W||^2}, in double on the JVM. */
    public static double loss(DenseMatrix w, DenseMatrix features, DenseMatrix targets, double beta) {
        requireRowsMatch(features, targets);
        if (w.rows() != targets.cols() || w.cols() != features.cols()) {
            throw new IllegalArgumentException("W is " + w.shape() + " but features are " + features.shape()
                    + " and targets " + targets.shape() + " (W must be o x d = " + targets.cols() + "x"
                    + features.cols() + ")");
        }
        int n = features.rows();
        int d = features.cols();
        int o = targets.cols();
        double[] phi = features.data();
        double[] y = targets.data();
        double[] wd = w.data();
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < o; r++) {
                double pred = 0.0;
                for (int j = 0; j < d; j++) {
                    pred += wd[r * d + j] * phi[i * d + j];
                }
                double e = y[i * o + r] - pred;
                sum += e * e;
            }
        }
        double norm = w.frobeniusNorm();
        return sum / n + beta * norm * norm;
    }

    /** {@link #loss(DenseMatrix, DenseMatrix, DenseMatrix, double)} with the batch on the engine. */
    public static double loss(DenseMatrix w, NDArray features, NDArray targets, double beta) {
        return loss(w, DenseMatrix.fromNDArray(features), DenseMatrix.fromNDArray(targets), beta);
    }

    /** The proximal objective: {@code loss(w, ..., beta) + lambda ||W - Wprev||^2}. */
    public static double proximalLoss(DenseMatrix w, DenseMatrix features, DenseMatrix targets, double lambda,
                                      double beta, DenseMatrix previous) {
        double base = loss(w, features, targets, beta);
        if (lambda == 0.0) {
            return base;
        }
        double dist = w.copy().addInPlace(-1.0, previous).frobeniusNorm();
        return base + lambda * dist * dist;
    }

    private static void validate(double lambda, double beta, DenseMatrix previous, int o, int d) {
        if (!Double.isFinite(lambda) || lambda < 0) {
            throw new IllegalArgumentException("lambda (proximal coefficient) must be finite and >= 0, got " + lambda);
        }
        if (!Double.isFinite(beta) || beta < 0) {
            throw new IllegalArgumentException("beta (ridge) must be finite and >= 0, got " + beta);
        }
        if (previous == null) {
            if (lambda != 0.0) {
                throw new IllegalArgumentException("previous weights are required when lambda != 0 (lambda="
                        + lambda + ")");
            }
        } else if (previous.rows() != o || previous.cols() != d) {
            throw new IllegalArgumentException("previous weights are " + previous.shape() + " but must be o x d = "
                    + o + "x" + d);
        }
    }

    private static void requireRowsMatch(DenseMatrix features, DenseMatrix targets) {
        if (features.rows() != targets.rows()) {
            throw new IllegalArgumentException("features " + features.shape() + " and targets " + targets.shape()
                    + " have different numbers of rows");
        }
        if (features.rows() == 0) {
            throw new IllegalArgumentException("empty batch: features " + features.shape());
        }
    }
}
