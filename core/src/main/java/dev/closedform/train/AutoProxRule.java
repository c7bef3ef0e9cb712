package dev.closedform.train;

import dev.closedform.head.AutoProximal;
import dev.closedform.head.AutoTuned;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalGcv;
import dev.closedform.head.ProximalSolver;

/**
 * {@code cf-auto}: the proximal closed form of {@code cf-prox} with {@code lambda} and {@code beta}
 * chosen by {@link AutoProximal} from the batches (generalised cross-validation); no user value.
 * Records the median choices of each epoch and warns when most of an epoch's choices sat at an end
 * of the candidate range. A single-shard batch with fewer rows than half its features is scored and
 * solved in the n x n dual form, everything else from the summed Gram statistics. {@code W_0} is the ridge
 * solve of the first batch with {@link AutoProximal#INITIAL_RIDGE}.
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
        boolean score = tuner.selectsNext();
        long n = batch.features().get(0).getShape().get(0);
        long d = batch.features().get(0).getShape().get(1);
        if (batch.features().size() == 1 && ProximalSolver.prefersDual(n, d)) {
            DenseMatrix phi = DenseMatrix.fromNDArray(batch.features().get(0));
            DenseMatrix y = DenseMatrix.fromNDArray(batch.targets().get(0));
            AutoProximal.Choice c = choose(score ? ProximalGcv.ofRows(phi, y, previous) : null);
            return ProximalSolver.solveDual(phi, y, c.lambda(), c.beta(), previous);
        }
        GramStatistics stats = batch.statistics();
        AutoProximal.Choice c = choose(score ? ProximalGcv.of(stats, previous) : null);
        return ProximalSolver.solve(stats, c.lambda(), c.beta(), previous);
    }

    private AutoProximal.Choice choose(ProximalGcv gcv) {
        AutoProximal.Choice c = tuner.choose(gcv);
        epochChoices.add(c);
        return c;
    }
}
