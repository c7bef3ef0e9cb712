package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramPrecision;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalGcv;
import dev.closedform.head.ProximalSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The head features and targets of one batch, possibly split in shards. A single shard is solved
 * from the raw features when the dual form is cheaper (rows well below features); otherwise the
 * shards are reduced to summed Gram statistics first, which is what a data-parallel trainer
 * ships. The statistics are formed once per batch (on the first need), so a caller may form them
 * ahead of the solve ({@link #formStatistics()}), e.g. to time the two apart.
 */
public final class HeadBatch {

    private final List<NDArray> features;
    private final List<NDArray> targets;
    private final boolean ridgeOnBias;
    private final GramPrecision precision;
    /** Shards as {@code [Phi, Y]} side by side when built by {@link #ofJoint} (features and targets are views), else null. */
    private final List<NDArray> joints;
    /**
     * The statistics of the whole batch when they were already summed elsewhere (over the workers of
     * a data-parallel run): then they are what is solved, and the shards (possibly none) are not used.
     */
    private final GramStatistics pooled;
    /** Float64 statistics of the same rows, formed on demand (pooled batches: summed over the workers again), or null. */
    private final Supplier<GramStatistics> exact;
    private GramStatistics statistics;
    /** Float64 statistics when {@link #statistics()} needed them beside float32 ones. */
    private GramStatistics exactMemo;

    /**
     * @param ridgeOnBias {@code false} leaves the last column (the bias) out of the ridge penalty
     * @param precision   how the engine rounds the statistics ({@link GramPrecision})
     */
    public HeadBatch(List<NDArray> features, List<NDArray> targets, boolean ridgeOnBias, GramPrecision precision) {
        this(features, targets, ridgeOnBias, precision, null, null, null);
    }

    /** Float64 statistics. */
    public HeadBatch(List<NDArray> features, List<NDArray> targets, boolean ridgeOnBias) {
        this(features, targets, ridgeOnBias, GramPrecision.FLOAT64);
    }

    /** A batch whose bias column (if any) is penalised like every other weight. */
    public HeadBatch(List<NDArray> features, List<NDArray> targets) {
        this(features, targets, true);
    }

    private HeadBatch(List<NDArray> features, List<NDArray> targets, boolean ridgeOnBias, GramPrecision precision,
                      List<NDArray> joints, GramStatistics pooled, Supplier<GramStatistics> exact) {
        if ((pooled == null && features.isEmpty()) || features.size() != targets.size()) {
            throw new IllegalArgumentException("need one target shard per feature shard, got "
                    + features.size() + " and " + targets.size());
        }
        this.features = List.copyOf(features);
        this.targets = List.copyOf(targets);
        this.ridgeOnBias = ridgeOnBias;
        this.precision = precision;
        this.joints = joints == null ? null : List.copyOf(joints);
        this.pooled = pooled;
        this.exact = exact;
        this.statistics = pooled;
    }

    /**
     * A batch whose shards hold features and targets side by side, {@code [Phi, Y]} (n_s, d + o): the
     * statistics then need no concatenation ({@link GramStatistics#ofJoint}).
     *
     * @param d feature columns, bias included
     */
    public static HeadBatch ofJoint(List<NDArray> joints, int d, boolean ridgeOnBias, GramPrecision precision) {
        List<NDArray> features = new ArrayList<>();
        List<NDArray> targets = new ArrayList<>();
        for (NDArray j : joints) {
            if (j.getShape().dimension() != 2 || j.getShape().get(1) <= d) {
                throw new IllegalArgumentException("joint shards must be (n, d + o) with d = " + d + " and o >= 1, got " + j.getShape());
            }
            features.add(j.get(new NDIndex(":, 0:{}", d)));
            targets.add(j.get(new NDIndex(":, {}:", d)));
        }
        return new HeadBatch(features, targets, ridgeOnBias, precision, joints, null, null);
    }

    /** A batch known by its summed statistics only, taken as exact. */
    public static HeadBatch ofStatistics(GramStatistics pooled, boolean ridgeOnBias) {
        return new HeadBatch(List.of(), List.of(), ridgeOnBias, GramPrecision.FLOAT64, null, pooled, null);
    }

    /**
     * A batch known by its summed statistics, formed at {@code precision}; {@code exact} forms float64
     * statistics of the same rows when a solve needs them (for data-parallel workers: every worker sees
     * the same sums, decides alike, and sums its float64 statistics with the others).
     */
    public static HeadBatch ofStatistics(GramStatistics pooled, boolean ridgeOnBias, GramPrecision precision,
                                         Supplier<GramStatistics> exact) {
        return new HeadBatch(List.of(), List.of(), ridgeOnBias, precision, null, pooled, exact);
    }

    public static HeadBatch of(NDArray features, NDArray targets) {
        return new HeadBatch(List.of(features), List.of(targets));
    }

    public List<NDArray> features() {
        return features;
    }

    public List<NDArray> targets() {
        return targets;
    }

    /** Columns of {@code W}: the features, bias included. */
    public int featureDim() {
        return pooled != null ? pooled.d() : Math.toIntExact(features.get(0).getShape().get(1));
    }

    /** Rows of {@code W}: the outputs. */
    public int outputDim() {
        return pooled != null ? pooled.o() : Math.toIntExact(targets.get(0).getShape().get(1));
    }

    public boolean ridgeOnBias() {
        return ridgeOnBias;
    }

    public GramPrecision precision() {
        return precision;
    }

    /** The statistics summed elsewhere, or null (see {@link #ofStatistics}). */
    public GramStatistics pooled() {
        return pooled;
    }

    /** The same shards; {@code ridgeOnBias = false} leaves the last column (the bias) out of the ridge penalty. */
    public HeadBatch withRidgeOnBias(boolean ridgeOnBias) {
        return new HeadBatch(features, targets, ridgeOnBias, precision, joints, pooled, exact);
    }

    /** The same shards, with statistics formed at {@code precision}. */
    public HeadBatch withPrecision(GramPrecision precision) {
        return new HeadBatch(features, targets, ridgeOnBias, precision, joints, pooled, exact);
    }

    /** Proximal solve; {@code previous == null} or {@code lambda == 0} gives the ridge solve. */
    public DenseMatrix solve(double lambda, double beta, DenseMatrix previous) {
        double effectiveLambda = previous == null ? 0 : lambda;
        if (!solvesFromStatistics()) {
            return ProximalSolver.solve(features.get(0), targets.get(0), effectiveLambda, beta, previous, ridgeOnBias);
        }
        if (precision == GramPrecision.FLOAT32_CHUNKS && (pooled == null || exact != null)) {
            DenseMatrix w = ProximalSolver.solveIfWellConditioned(formStatistics(), effectiveLambda, beta, previous, ridgeOnBias,
                    GramPrecision.FLOAT32_MIN_RELATIVE_PIVOT);
            if (w != null) {
                return w;
            }
            if (exactMemo == null) {
                exactMemo = exactStatistics();
            }
            statistics = exactMemo; // too close to singular for float32 rounding: solve on float64 statistics
        }
        return ProximalSolver.solve(formStatistics(), effectiveLambda, beta, previous, ridgeOnBias);
    }

    /** Float64 statistics of this batch's rows (formed anew, not remembered). */
    public GramStatistics exactStatistics() {
        if (exact != null) {
            return exact.get();
        }
        if (pooled != null) {
            return pooled.copy();
        }
        return joints != null
                ? GramStatistics.ofJoint(joints, Math.toIntExact(features.get(0).getShape().get(1)), GramPrecision.FLOAT64)
                : GramStatistics.of(features, targets, GramPrecision.FLOAT64);
    }

    /**
     * Whether {@link #solve} works from the Gram statistics: always for pooled statistics and several
     * shards; for one shard unless the dual form on the raw features is cheaper ({@link ProximalSolver#prefersDual}).
     */
    public boolean solvesFromStatistics() {
        if (pooled != null || features.size() > 1 || !ridgeOnBias) {
            return true;
        }
        long n = features.get(0).getShape().get(0);
        long d = features.get(0).getShape().get(1);
        return !ProximalSolver.prefersDual(n, d);
    }

    /**
     * Gram statistics summed over the shards, in float64 whatever this batch's precision (a copy: the
     * caller may change it). Rules that work on the statistics themselves (pooling them over steps,
     * choosing regularisation from them) get these; only {@link #solve} uses the batch's precision.
     */
    public GramStatistics statistics() {
        return float64Statistics().copy();
    }

    /**
     * GCV of this batch's proximal problem around {@code previous}, in the form {@link #solve} uses: the
     * n x n dual on the raw features where the solve is dual, else the float64 statistics (GCV's residual
     * is a difference of nearly equal sums, which float32 rounding of the statistics would swamp).
     */
    public ProximalGcv proximalGcv(DenseMatrix previous) {
        if (!solvesFromStatistics()) {
            return ProximalGcv.ofRows(DenseMatrix.fromNDArray(features.get(0)), DenseMatrix.fromNDArray(targets.get(0)), previous);
        }
        return ProximalGcv.of(float64Statistics(), previous);
    }

    /** The float64 statistics, formed once (not a copy: do not change them). */
    private GramStatistics float64Statistics() {
        if (precision == GramPrecision.FLOAT64 || (pooled != null && exact == null)) {
            return formStatistics();
        }
        if (exactMemo == null) {
            exactMemo = exactStatistics();
        }
        return exactMemo;
    }

    /**
     * Forms the statistics now, on the engine, copied to the JVM once, unless this batch already has
     * them; later solves use them. Returns them (not a copy: do not change them).
     */
    public GramStatistics formStatistics() {
        if (statistics == null) {
            statistics = joints != null
                    ? GramStatistics.ofJoint(joints, Math.toIntExact(features.get(0).getShape().get(1)), precision)
                    : GramStatistics.of(features, targets, precision);
        }
        return statistics;
    }
}
