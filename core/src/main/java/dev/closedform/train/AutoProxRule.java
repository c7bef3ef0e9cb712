package dev.closedform.train;

import dev.closedform.head.AutoProximal;
import dev.closedform.head.AutoTuned;
import dev.closedform.head.DenseMatrix;

/**
 * {@code cf-auto}: the proximal closed form of {@code cf-prox} with {@code lambda} and {@code beta}
 * chosen by {@link AutoProximal} from the batches (generalised cross-validation); no user value.
 * Records the median choices of each epoch and warns when most of an epoch's choices sat at an end
 * of the candidate range. {@code W_0} is the ridge solve of the first batch with
 * {@link AutoProximal#INITIAL_RIDGE}.
 *
 * <p>The head is {@code cf-prox}'s solve at the chosen pair (the batch's statistics at the loop's
 * precision), so a step that does not select costs what a {@code cf-prox} step costs; a selection step
 * scores the batch with {@link HeadBatch#proximalGcv} (float64 statistics, or the n x n dual).
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
        AutoProximal.Choice c = tuner.choose(tuner.selectsNext() ? batch.proximalGcv(previous) : null);
        epochChoices.add(c);
        return batch.solve(c.lambda(), c.beta(), previous);
    }
}
