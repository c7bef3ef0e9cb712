package dev.closedform.iv;

import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.RecursiveRidge;
import java.util.Map;

/** The exponentially weighted pooled ridge of all batches so far (cf-rls): the precision is carried forward. */
final class RecursiveStage implements StageUpdate {

    private final RecursiveRidge pooled;
    private final double beta;

    RecursiveStage(double memory, double beta) {
        this.pooled = new RecursiveRidge(RecursiveRidge.forgetFor(memory));
        this.beta = beta;
    }

    @Override
    public DenseMatrix solve(GramStatistics batch, DenseMatrix anchor) {
        return pooled.solve(batch, beta);
    }

    @Override
    public Stage1Map map(DenseMatrix phi1, DenseMatrix anchor) {
        return Stage1Map.recursive(phi1, pooled, beta);
    }

    @Override
    public void nextBatch() {
        pooled.nextBatch();
    }

    @Override
    public Map<String, double[]> state() {
        return pooled.state();
    }

    @Override
    public void restore(Map<String, double[]> state) {
        pooled.restore(state);
    }
}
