package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalSolver;
import java.util.List;

/**
 * The head features and targets of one batch, possibly split in shards. A single shard is solved
 * from the raw features (so the dual form is used when rows &lt; features); several shards are
 * reduced to summed Gram statistics first, which is what a data-parallel trainer ships.
 *
 * @param pooled the statistics of the whole batch when they were already summed elsewhere (over the
 *               workers of a data-parallel run); then they are what is solved and {@code features}
 *               and {@code targets} (this worker's shards, possibly none) are not used. Else {@code null}.
 */
public record HeadBatch(List<NDArray> features, List<NDArray> targets, boolean ridgeOnBias, GramStatistics pooled) {

    /** A batch whose bias column (if any) is penalised like every other weight. */
    public HeadBatch(List<NDArray> features, List<NDArray> targets) {
        this(features, targets, true);
    }

    public HeadBatch(List<NDArray> features, List<NDArray> targets, boolean ridgeOnBias) {
        this(features, targets, ridgeOnBias, null);
    }

    public HeadBatch {
        if ((pooled == null && features.isEmpty()) || features.size() != targets.size()) {
            throw new IllegalArgumentException("need one target shard per feature shard, got "
                    + features.size() + " and " + targets.size());
        }
    }

    /** A batch known by its summed statistics only. */
    public static HeadBatch ofStatistics(GramStatistics pooled, boolean ridgeOnBias) {
        return new HeadBatch(List.of(), List.of(), ridgeOnBias, pooled);
    }

    public static HeadBatch of(NDArray features, NDArray targets) {
        return new HeadBatch(List.of(features), List.of(targets));
    }

    /** The same shards; {@code ridgeOnBias = false} leaves the last column (the bias) out of the ridge penalty. */
    public HeadBatch withRidgeOnBias(boolean ridgeOnBias) {
        return new HeadBatch(features, targets, ridgeOnBias, pooled);
    }

    /** Proximal solve; {@code previous == null} or {@code lambda == 0} gives the ridge solve. */
    public DenseMatrix solve(double lambda, double beta, DenseMatrix previous) {
        double effectiveLambda = previous == null ? 0 : lambda;
        if (pooled == null && features.size() == 1) {
            return ProximalSolver.solve(features.get(0), targets.get(0), effectiveLambda, beta, previous, ridgeOnBias);
        }
        return ProximalSolver.solve(statistics(), effectiveLambda, beta, previous, ridgeOnBias);
    }

    /** Gram statistics summed over the shards (a copy of {@link #pooled} when given). */
    public GramStatistics statistics() {
        if (pooled != null) {
            return pooled.copy();
        }
        GramStatistics total = GramStatistics.of(features.get(0), targets.get(0));
        for (int i = 1; i < features.size(); i++) {
            total = total.plus(GramStatistics.of(features.get(i), targets.get(i)));
        }
        return total;
    }
}
