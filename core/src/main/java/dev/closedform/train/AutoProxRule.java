package dev.closedform.train;

import dev.closedform.head.AutoProximal;
import dev.closedform.head.AutoTuned;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.ProximalGcv;
import dev.closedform.head.ProximalSolver;

/**
 * {@code cf-auto}: the proximal closed form of {@code cf-prox} with {@code lambda} and {@code beta}
 * chosen by {@link AutoProximal} from the batches (generalised cross-validation); no user value.
 * Records the median choices of each epoch and warns when most of an epoch's choices sat at an end
 * of the candidate range. {@code W_0} is the ridge solve of the first batch with
 * {@link AutoProximal#INITIAL_RIDGE}.
 *
 * <p>The head is {@code cf-prox}'s solve at the chosen pair (the batch's statistics at the loop's
 * precision), so a step that does not select costs what a {@code cf-prox} step costs. A selection step
 * scores the batch on float64 statistics: GCV's residual is the difference of two nearly equal sums, and
 * float32 rounding of the Gram matrix (about 2e-6 relative) would swamp it on a batch fitted well. A
 * single-shard batch with fewer rows than half its features is scored in the n x n dual form.
 */
final class AutoProxRule extends AutoTuned implements LastLayerRule {

    @Override
    public DenseMatrix update(HeadBatch batch, DenseMatrix previous) {
        if (!batch.ridgeOnBias()) {
            throw new IllegalArgumentException("cf-auto chooses one ridge penalty for every weight; it cannot leave the bias"
                    + " unpenalised (ridgeOnBias = false)");
        }
        if (previous == null) {
            return batch.solve(0, AutoProximal.INITIAL_RIDGE, null);
        }
        AutoProximal.Choice c = tuner.choose(tuner.selectsNext() ? gcv(batch, previous) : null);
        epochChoices.add(c);
        return batch.solve(c.lambda(), c.beta(), previous);
    }

    private static ProximalGcv gcv(HeadBatch batch, DenseMatrix previous) {
        long n = batch.features().get(0).getShape().get(0);
        long d = batch.features().get(0).getShape().get(1);
        if (batch.features().size() == 1 && ProximalSolver.prefersDual(n, d)) {
            return ProximalGcv.ofRows(DenseMatrix.fromNDArray(batch.features().get(0)),
                    DenseMatrix.fromNDArray(batch.targets().get(0)), previous);
        }
        return ProximalGcv.of(batch.statistics(), previous);
    }
}
