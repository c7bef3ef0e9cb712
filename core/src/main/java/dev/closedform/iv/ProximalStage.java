package dev.closedform.iv;

import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalSolver;

/**
 * The proximal closed form: the batch's ridge problem plus {@code lambda ||W - W_{t-1}||^2}, or with
 * the pull measured in the batch's feature scales ({@code scaled}, {@link ProximalSolver#solveScaled}).
 */
record ProximalStage(double lambda, double beta, boolean scaled) implements StageUpdate {

    @Override
    public DenseMatrix solve(GramStatistics batch, DenseMatrix anchor) {
        return scaled ? ProximalSolver.solveScaled(batch, lambda, beta, anchor) : ProximalSolver.solve(batch, lambda, beta, anchor);
    }

    @Override
    public DenseMatrix firstAnchor(GramStatistics batch) {
        return ProximalSolver.ridge(batch, beta);
    }

    @Override
    public Stage1Map map(DenseMatrix phi1, DenseMatrix anchor) {
        return Stage1Map.proximal(phi1, lambda, scaled, beta, anchor);
    }
}
