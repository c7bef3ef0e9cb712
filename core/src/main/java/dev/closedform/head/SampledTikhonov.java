package dev.closedform.head;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * slimTik, the last-layer update of slimTrain (Newman, Chung, Chung and Ruthotto, "slimTrain: a
 * stochastic approximation method for training separable deep neural networks", SIAM J. Sci. Comput.
 * 44(4), 2022), built on sampled Tikhonov regularisation (Slagel et al., 2019), written here in the
 * mean-row scaling of this library ({@code Gc = Phi^T Phi / n}, {@code Bc = Y^T Phi / n} for the current batch):
 * <pre>
 *   M_k      = Gc_k + Gc_{k-1} + ... + Gc_{k-r}            (the batch and the r before it, as they were seen)
 *   W_k(l)   = W_{k-1} - (W_{k-1} Gc_k - Bc_k + l W_{k-1}) (M_k + (Lambda_{k-1} + l) I)^{-1}
 *   sGCV(l)  = (||Y_k - Phi_k W_k(l)^T||^2 / (n o)) / (1 - tr(Gc_k (M_k + (Lambda_{k-1} + l) I)^{-1}) / n)^2
 *   lambda_k = argmin over the candidates of sGCV,   Lambda_k = Lambda_{k-1} + lambda_k
 * </pre>
 * The regulariser increment {@code l} may be negative (down to {@code -Lambda_{k-1} / 2 + lower bound}), so the
 * running sum can shrink too. With memory depth {@code r = 0} the update is exactly the proximal solve with
 * pull {@code Lambda_{k-1}} towards {@code W_{k-1}} and ridge {@code lambda_k}:
 * {@code W_k = (Bc + Lambda_{k-1} W_{k-1}) (Gc + (Lambda_{k-1} + lambda_k) I)^{-1}}, and sGCV is the GCV of that
 * proximal problem ({@link ProximalGcv}), so no eigenvectors are needed. For {@code r > 0} the update takes one
 * full eigendecomposition of {@code M_k} per step.
 *
 * <p>The vectorised trace of the update's hat matrix is {@code o} times the per-output trace, so the
 * denominator is written per output; the published code's denominator {@code (n - o tr)^2} differs from this
 * for several outputs.
 */
public final class SampledTikhonov {

    /** Initial running sum {@code Lambda_0}, the lower bound it stays above and the largest increment (the authors' defaults). */
    public static final double INITIAL_SUM = 0.05;
    public static final double LOWER_BOUND = 1e-7;
    public static final double UPPER_BOUND = 1e3;
    /** Candidate increments per sign, logarithmically spaced from machine epsilon. */
    public static final int CANDIDATES_PER_SIGN = 30;

    private final int depth;
    private final Deque<DenseMatrix> memory = new ArrayDeque<>();
    private double sum = INITIAL_SUM;
    private double lastIncrement;

    /** @param depth memory depth r >= 0 */
    public SampledTikhonov(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("slimtik memory depth r must be >= 0, got " + depth);
        }
        this.depth = depth;
    }

    /** {@code Lambda}: the running sum of the chosen regularisers (the proximal weight of the next update). */
    public double sum() {
        return sum;
    }

    /** The last chosen increment {@code lambda_k}. */
    public double lastIncrement() {
        return lastIncrement;
    }

    /** The candidate increments for the current running sum: negative ones only while {@code Lambda / 2} exceeds the lower bound. */
    public double[] candidates() {
        double eps = Math.ulp(1.0);
        double[] positive = logSpace(eps, UPPER_BOUND);
        double low = sum / 2 - LOWER_BOUND;
        if (!(low > eps)) {
            return positive;
        }
        double[] negative = logSpace(eps, low);
        double[] out = new double[2 * CANDIDATES_PER_SIGN];
        for (int k = 0; k < CANDIDATES_PER_SIGN; k++) {
            out[k] = -negative[CANDIDATES_PER_SIGN - 1 - k];
        }
        System.arraycopy(positive, 0, out, CANDIDATES_PER_SIGN, CANDIDATES_PER_SIGN);
        return out;
    }

    /**
     * One slimTik step on the current batch: chooses {@code lambda_k} by sGCV, updates the running sum and
     * the memory, and returns {@code W_k}. {@code gcv} is the batch's {@link ProximalGcv} around
     * {@code previous} (used only when {@code r = 0}; either form, primal or dual).
     */
    public DenseMatrix update(GramStatistics batch, ProximalGcv gcv, DenseMatrix previous) {
        double[] candidates = candidates();
        double best = depth == 0 ? bestByProximalGcv(gcv, candidates) : bestByFullSgcv(batch, previous, candidates);
        DenseMatrix w = solve(batch, previous, best);
        lastIncrement = best;
        sum += best;
        remember(batch);
        return w;
    }

    /** {@code W_k(l)} for the current memory and running sum (before they are updated). */
    DenseMatrix solve(GramStatistics batch, DenseMatrix previous, double increment) {
        double n = batch.rows();
        DenseMatrix a = memoryGram(batch).addToDiagonalInPlace(sum + increment);
        // rhs = W_{k-1} Gc - Bc + l W_{k-1}; W_k = W_{k-1} - rhs a^{-1}
        DenseMatrix rhs = previous.times(batch.gram()).scale(1 / n).addInPlace(-1 / n, batch.cross()).addInPlace(increment, previous);
        return previous.copy().addInPlace(-1, Cholesky.factor(a).solveRight(rhs));
    }

    private double bestByProximalGcv(ProximalGcv gcv, double[] candidates) {
        double best = candidates[0];
        double bestScore = Double.POSITIVE_INFINITY;
        double[] rho = new double[1];
        double[] score = new double[1];
        for (double l : candidates) {
            double c = sum + l;
            rho[0] = sum / c;
            gcv.scores(c, rho, score);
            if (score[0] < bestScore) {
                bestScore = score[0];
                best = l;
            }
        }
        return best;
    }

    /** sGCV with the memory: one eigendecomposition M = V diag(m) V^T, then O(o d^2) per candidate. */
    private double bestByFullSgcv(GramStatistics batch, DenseMatrix previous, double[] candidates) {
        double[] scores = sgcv(batch, previous, candidates);
        int best = 0;
        for (int k = 1; k < scores.length; k++) {
            best = scores[k] < scores[best] ? k : best;
        }
        return candidates[best];
    }

    /** sGCV of each candidate increment, with the memory as it stands. */
    double[] sgcv(GramStatistics batch, DenseMatrix previous, double[] candidates) {
        if (!batch.hasTargetSquares()) {
            throw new IllegalArgumentException("sGCV needs the targets' sum of squares, which these statistics were assembled without");
        }
        double n = batch.rows();
        int d = batch.d();
        int o = batch.o();
        SymmetricEigen eigen = SymmetricEigen.of(memoryGram(batch));
        double[] m = eigen.values();
        DenseMatrix v = eigen.vectors();
        DenseMatrix gc = batch.gram().scale(1 / n);
        DenseMatrix bc = batch.cross().scale(1 / n);
        DenseMatrix gHat = v.transpose().times(gc).times(v);
        DenseMatrix bHat = bc.times(v);
        DenseMatrix wHat = previous.times(v);
        DenseMatrix eHat = previous.times(gc).addInPlace(-1, bc).times(v);
        double yy = batch.targetSquares() / n;
        double[] out = new double[candidates.length];
        DenseMatrix x = DenseMatrix.zeros(o, d);
        for (int k = 0; k < candidates.length; k++) {
            double l = candidates[k];
            double trace = 0;
            for (int i = 0; i < d; i++) {
                double inv = 1 / (m[i] + sum + l);
                trace += gHat.get(i, i) * inv;
                for (int r = 0; r < o; r++) {
                    x.set(r, i, wHat.get(r, i) - (eHat.get(r, i) + l * wHat.get(r, i)) * inv);
                }
            }
            // mean squared residual = ||Y||^2/n - 2 tr(X Bhat^T) + tr(X Ghat X^T), X = W V
            double mse = yy;
            DenseMatrix xg = x.times(gHat);
            for (int r = 0; r < o; r++) {
                for (int i = 0; i < d; i++) {
                    mse += x.get(r, i) * (xg.get(r, i) - 2 * bHat.get(r, i));
                }
            }
            double free = 1 - trace / n;
            out[k] = free > 1e-12 ? Math.max(0, mse) / o / (free * free) : Double.POSITIVE_INFINITY;
        }
        return out;
    }

    /** {@code M_k}: the current batch's mean Gram plus those in memory. */
    private DenseMatrix memoryGram(GramStatistics batch) {
        DenseMatrix total = batch.gram().scale(1.0 / batch.rows());
        for (DenseMatrix g : memory) {
            total.addInPlace(1, g);
        }
        return total;
    }

    private void remember(GramStatistics batch) {
        if (depth == 0) {
            return;
        }
        memory.addLast(batch.gram().scale(1.0 / batch.rows()));
        if (memory.size() > depth) {
            memory.removeFirst();
        }
    }

    /** {@code [Lambda, last increment, count, the remembered mean Grams...]}, for checkpoints. */
    public double[] state() {
        int d = memory.isEmpty() ? 0 : memory.peekFirst().rows();
        double[] out = new double[3 + memory.size() * d * d];
        out[0] = sum;
        out[1] = lastIncrement;
        out[2] = memory.size();
        int at = 3;
        for (DenseMatrix g : memory) {
            System.arraycopy(g.data(), 0, out, at, d * d);
            at += d * d;
        }
        return out;
    }

    public void restore(double[] state) {
        int count = state.length >= 3 ? (int) state[2] : -1;
        int area = count > 0 ? (state.length - 3) / count : 0;
        int d = (int) Math.round(Math.sqrt(area));
        if (count < 0 || count > depth || (count > 0 && (d * d != area || 3 + count * area != state.length)) || (count == 0 && state.length != 3)) {
            throw new IllegalStateException("slimtik state has " + state.length + " values, which fits no memory of depth " + depth);
        }
        sum = state[0];
        lastIncrement = state[1];
        memory.clear();
        for (int k = 0; k < count; k++) {
            memory.addLast(DenseMatrix.of(d, d, Arrays.copyOfRange(state, 3 + k * area, 3 + (k + 1) * area)));
        }
    }

    private static double[] logSpace(double from, double to) {
        double[] out = new double[CANDIDATES_PER_SIGN];
        double a = Math.log10(from);
        double b = Math.log10(to);
        for (int k = 0; k < CANDIDATES_PER_SIGN; k++) {
            out[k] = Math.pow(10, a + (b - a) * k / (CANDIDATES_PER_SIGN - 1));
        }
        return out;
    }
}
