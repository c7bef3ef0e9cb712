package dev.closedform.head;

/**
 * Exponentially weighted pooled ridge regression over a stream of batches: the exact recursive-least-squares
 * (Kalman) counterpart of the proximal solve ("cf-rls", docs/iv.md). After batches 1..t,
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
     * The pooled state (past Gram and cross statistics, their weight, the pending batch) as named
     * arrays, for checkpoints; {@link #restore} puts it back exactly.
     */
    public java.util.Map<String, double[]> state() {
        java.util.Map<String, double[]> s = new java.util.LinkedHashMap<>();
        s.put("weight", new double[] {weight});
        if (gram != null) {
            s.put("gram", gram.pack());
            s.put("cross", cross.pack());
        }
        if (pending != null) {
            s.put("pending_gram", pending.gramView().pack());
            s.put("pending_cross", pending.crossView().pack());
            s.put("pending_rows", new double[] {pending.rows()});
        }
        return s;
    }

    public void restore(java.util.Map<String, double[]> s) {
        weight = s.get("weight")[0];
        gram = s.containsKey("gram") ? DenseMatrix.unpack(s.get("gram")) : null;
        cross = s.containsKey("cross") ? DenseMatrix.unpack(s.get("cross")) : null;
        pending = s.containsKey("pending_gram") ? GramStatistics.of(DenseMatrix.unpack(s.get("pending_gram")),
                DenseMatrix.unpack(s.get("pending_cross")), (long) s.get("pending_rows")[0]) : null;
    }

    /** {@code w = g w_past + 1}: the total weight including the current batch. */
    public double weightWithCurrent() {
        return forget * weight + 1;
    }
}
