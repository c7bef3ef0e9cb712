package dev.closedform.iv;

import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalSolver;

/** The batch's own ridge solve: no memory of earlier batches (dfiv-batch, dfiv-full). */
record RidgeStage(double beta) implements StageUpdate {

    @Override
    public DenseMatrix solve(GramStatistics batch, DenseMatrix anchor) {
        return ProximalSolver.ridge(batch, beta);
    }

    @Override
    public Stage1Map map(DenseMatrix phi1, DenseMatrix anchor) {
        return Stage1Map.proximal(phi1, 0, false, beta, null);
    }
}
