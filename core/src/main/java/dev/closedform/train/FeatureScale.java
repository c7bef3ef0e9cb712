package dev.closedform.train;

import ai.djl.ndarray.NDArray;

/**
 * The largest magnitude of a batch's head features, on the engine: a max and a min reduction per
 * shard, no temporary array. PyTorch's reductions propagate NaN, so the result is NaN or infinite
 * exactly when some feature is.
 */
final class FeatureScale {

    private FeatureScale() {}

    /**
     * Whether every feature is finite. Where the solve works from the statistics they tell it without an engine
     * call (a feature's square is on the Gram diagonal); otherwise the reductions of {@link #maxAbs} do.
     */
    static boolean finite(HeadBatch batch) {
        return batch.solvesFromStatistics() ? batch.formStatistics().isFinite() : Double.isFinite(maxAbs(batch));
    }

    static double maxAbs(HeadBatch batch) {
        double scale = 0;
        if (batch.pooled() != null && !batch.pooled().isFinite()) {
            return Double.NaN; // statistics summed elsewhere (other workers): only their finiteness is known here
        }
        for (NDArray f : batch.features()) {
            double max = f.max().getFloat();
            double min = f.min().getFloat();
            if (!Double.isFinite(max) || !Double.isFinite(min)) {
                return Double.isNaN(max) || Double.isNaN(min) ? Double.NaN : Double.POSITIVE_INFINITY;
            }
            scale = Math.max(scale, Math.max(Math.abs(max), Math.abs(min)));
        }
        return scale;
    }
}
