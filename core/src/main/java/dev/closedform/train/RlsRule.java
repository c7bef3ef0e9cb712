package dev.closedform.train;

import dev.closedform.head.DenseMatrix;
import dev.closedform.head.RecursiveRidge;
import java.util.Map;

/**
 * {@code cf-rls}: block recursive least squares of the head. The precision and right-hand side of
 * every batch seen so far are carried with forgetting factor {@code gamma = 1 - 1/K} ({@link RecursiveRidge},
 * which normalises by the total weight so that {@code beta} stays the ridge floor of a mean data term):
 * <pre>
 *   W_t = argmin_W sum_k gamma^{t-k} (1/n_k) ||Y_k - Phi_k W^T||^2 / sum_k gamma^{t-k} + beta ||W||^2
 * </pre>
 * Each batch enters with the features it had when it was seen. {@code W_0} is the ridge solve of the
 * first batch; that solve is not part of the memory (the first step sees the same batch again).
 */
final class RlsRule implements LastLayerRule {

    private final RecursiveRidge pooled;
    private final double beta;

    RlsRule(double memory, double beta) {
        this.pooled = new RecursiveRidge(RecursiveRidge.forgetFor(memory));
        this.beta = beta;
    }

    @Override
    public DenseMatrix update(HeadBatch batch, DenseMatrix previous) {
        if (!batch.ridgeOnBias()) {
            throw new IllegalArgumentException("cf-rls puts its ridge floor on every weight; it cannot leave the bias"
                    + " unpenalised (ridgeOnBias = false)");
        }
        if (previous == null) {
            return batch.solve(0, beta, null);
        }
        DenseMatrix w = pooled.solve(batch.statistics(), beta);
        pooled.nextBatch(); // each batch is solved once per step: it joins the past right away
        return w;
    }

    @Override
    public Map<String, double[]> state() {
        return pooled.state();
    }

    @Override
    public void restore(Map<String, double[]> state) {
        if (!state.isEmpty()) {
            pooled.restore(state);
        }
    }
}
