package dev.closedform.head;

/**
 * Exponentially weighted pooled ridge regression over a stream of batches: the exact recursive-least-squares
 * (Kalman) counterpart of the proximal solve (PAPER.md section 3, "cf-rls"). After batches 1..t,
 * <pre>
 *   W_t = argmin_W (1/w_t) sum_k g^{t-k} (1/b_k) ||Y_k - Phi_k W^T||^2 + beta ||W||^2,   w_t = sum_k g^{t-k}
 *       = (R_t / w_t) (S_t / w_t + beta I)^{-1},   S_t = g S_{t-1} + Phi_t^T Phi_t / b_t,   R_t = g R_{t-1} + Y_t^T Phi_t / b_t
 * </pre>
 * so the precision {@code S} is carried forward instead of being reset to {@code lambda I} at every step.
 * Each batch keeps the features it had when it was seen (older ones fade with the forgetting factor g).
 * A batch may be solved several times while its network is updated ({@link #solve} replaces the pending
 * batch); {@link #nextBatch} makes the last one part of the past.
 */
public final class RecursiveRidge {

    private final double forget;
    private DenseMatrix gram;
    private DenseMatrix cross;
    private double weight;
    private GramStatistics pending;

    /** @param forget forgetting factor g in [0, 1]: a memory of about 1 / (1 - g) batches (0: the current batch only) */
    public RecursiveRidge(double forget) {
        if (!(forget >= 0 && forget <= 1)) {
            throw new IllegalArgumentException("forgetting factor must be in [0, 1], got " + forget);
        }
        this.forget = forget;
    }

    /** Forgetting factor for a memory of {@code batches} batches: {@code 1 - 1 / batches}. */
    public static double forgetFor(double batches) {
        if (!(batches >= 1) || !Double.isFinite(batches)) {
            throw new IllegalArgumentException("memory must be >= 1 batch, got " + batches);
        }
        return 1 - 1 / batches;
    }

    /** Ends the current batch: its statistics join the past. */
    public void nextBatch() {
        if (pending == null) {
            return;
        }
        DenseMatrix g = pending.gramView().scale(1.0 / pending.rows());
        DenseMatrix c = pending.crossView().scale(1.0 / pending.rows());
        if (gram == null) {
            gram = g;
            cross = c;
        } else {
            gram = gram.scale(forget).addInPlace(1.0, g);
            cross = cross.scale(forget).addInPlace(1.0, c);
        }
        weight = forget * weight + 1;
        pending = null;
    }

    /** Weights on the past batches and this one ({@code batch}, which replaces any earlier solve of the current batch). */
    public DenseMatrix solve(GramStatistics batch, double beta) {
        if (batch.rows() <= 0) {
            throw new IllegalArgumentException("statistics hold no rows");
        }
        pending = batch;
        DenseMatrix a = normalMatrix(batch.gramView().scale(1.0 / batch.rows()), beta);
        DenseMatrix b = batch.crossView().scale(1.0 / batch.rows()).scale(1.0 / weightWithCurrent());
        DenseMatrix past = pastCross();
        if (past != null) {
            b.addInPlace(1.0, past);
        }
        return Cholesky.factor(a).solveRight(b);
    }

    /** {@code (g S_past + G) / w + beta I} for the current batch's mean Gram matrix G. */
    public DenseMatrix normalMatrix(DenseMatrix batchGram, double beta) {
        DenseMatrix a = gram == null ? batchGram.copy() : gram.scale(forget).addInPlace(1.0, batchGram);
        return a.scale(1.0 / weightWithCurrent()).addToDiagonalInPlace(beta);
    }

    /** {@code g R_past / w} (o x d), or null before the first batch has joined the past. */
    public DenseMatrix pastCross() {
        return cross == null ? null : cross.scale(forget / weightWithCurrent());
    }

    /**
     * The pooled past for a checkpoint, {@code [w_past, d, o, S (d x d), R (o x d)]} ({@code [0]} before
     * the first batch joined it); only between batches, when no batch is pending.
     */
    public double[] pastState() {
        if (pending != null) {
            throw new IllegalStateException("a batch is pending: end it with nextBatch() before saving the state");
        }
        if (gram == null) {
            return new double[] {0};
        }
        int d = gram.rows();
        int o = cross.rows();
        double[] out = new double[3 + d * d + o * d];
        out[0] = weight;
        out[1] = d;
        out[2] = o;
        System.arraycopy(gram.data(), 0, out, 3, d * d);
        System.arraycopy(cross.data(), 0, out, 3 + d * d, o * d);
        return out;
    }

    /** Replaces the pooled past by what {@link #pastState()} returned. */
    public void restorePast(double[] state) {
        pending = null;
        if (state.length == 1 && state[0] == 0) {
            gram = null;
            cross = null;
            weight = 0;
            return;
        }
        int d = state.length >= 3 ? (int) state[1] : -1;
        int o = state.length >= 3 ? (int) state[2] : -1;
        if (d < 1 || o < 1 || state.length != 3 + d * d + o * d) {
            throw new IllegalStateException("recursive ridge state has " + state.length + " values, which fits no d x d and o x d pair");
        }
        weight = state[0];
        gram = DenseMatrix.of(d, d, java.util.Arrays.copyOfRange(state, 3, 3 + d * d));
        cross = DenseMatrix.of(o, d, java.util.Arrays.copyOfRange(state, 3 + d * d, state.length));
    }

    /** {@code w = g w_past + 1}: the total weight including the current batch. */
    public double weightWithCurrent() {
        return forget * weight + 1;
    }
}
