package dev.closedform.iv;

import dev.closedform.head.AutoProximal;
import dev.closedform.head.AutoTuned;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalGcv;
import dev.closedform.head.ProximalSolver;

/**
 * cf-auto for a DFIV stage: the proximal closed form with {@code lambda} and {@code beta} chosen by
 * {@link AutoProximal} (generalised cross-validation of the batch's proximal problem), as the main
 * harness's cf-auto does for a network's head. The stage-1 map for stage 2 uses the pair chosen at the
 * stage-1 solve of the same batch pair, so stage 2 differentiates through the solve that was made.
 *
 * <p>The first batch pair has no previous weights: its solves are the ridge solve with
 * {@link AutoProximal#INITIAL_RIDGE} ({@code W_0}, as in the main harness) and choose nothing. Scoring a pull
 * towards weights fitted on the very batch being scored would see no out-of-sample error and pick the largest
 * pull, and the running average of GCV curves would carry that choice for many steps.
 */
final class AutoStage extends AutoTuned implements StageUpdate {

    /** The first batch pair's rule. */
    private final RidgeStage initial = new RidgeStage(AutoProximal.INITIAL_RIDGE);
    private boolean firstPair;

    @Override
    public DenseMatrix solve(GramStatistics batch, DenseMatrix anchor) {
        if (firstPair) {
            return initial.solve(batch, anchor);
        }
        AutoProximal.Choice c = tuner.choose(tuner.selectsNext() ? ProximalGcv.of(batch, anchor) : null);
        epochChoices.add(c);
        return ProximalSolver.solve(batch, c.lambda(), c.beta(), anchor);
    }

    /** No previous weights to score a pull towards: the ridge solve with cf-auto's initial ridge. */
    @Override
    public DenseMatrix firstAnchor(GramStatistics batch) {
        firstPair = true;
        return initial.solve(batch, null);
    }

    @Override
    public Stage1Map map(DenseMatrix phi1, DenseMatrix anchor) {
        if (firstPair) {
            return initial.map(phi1, anchor);
        }
        AutoProximal.Choice c = tuner.current();
        return Stage1Map.proximal(phi1, c.lambda(), false, c.beta(), anchor);
    }

    @Override
    public void nextBatch() {
        firstPair = false;
    }

    /** The pair of the last solve. */
    AutoProximal.Choice choice() {
        return tuner.current();
    }
}
