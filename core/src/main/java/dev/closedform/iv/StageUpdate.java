package dev.closedform.iv;

import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import java.util.List;
import java.util.Map;

/**
 * How the DFIV trainer updates one closed-form stage's weights from a batch: the strategy part of a
 * {@link DfivMethod}. The trainer calls {@link #nextBatch} when a batch pair starts, {@link #solve} for
 * every solve of the stage in the pair, and {@link #map} when stage 2 differentiates through stage 1.
 */
interface StageUpdate {

    /**
     * The stage's weights from a batch's statistics.
     *
     * @param anchor the weights before the batch pair ({@code W_{t-1}}), or null on the first pair
     */
    DenseMatrix solve(GramStatistics batch, DenseMatrix anchor);

    /**
     * The anchor of the first batch pair, which has no previous weights: the batch's ridge solve for a
     * proximal stage (so the first pull is not towards zero), null for the others.
     */
    default DenseMatrix firstAnchor(GramStatistics batch) {
        return null;
    }

    /** The stage-1 solve on instrument features {@code phi1} (with the constant) as an affine map of the treatment features. */
    Stage1Map map(DenseMatrix phi1, DenseMatrix anchor);

    /** A batch pair starts: statistics pooled so far (if any) take in the last batch. */
    default void nextBatch() {}

    /** What the stage chose during the epoch that ends, by name (for metrics.csv); none by default. */
    default Map<String, Double> epochDiagnostics() {
        return Map.of();
    }

    /** Warnings about the epoch that ended (after {@link #epochDiagnostics}); none by default. */
    default List<String> warnings() {
        return List.of();
    }

    /** State carried between batches, for checkpoints (none by default). */
    default Map<String, double[]> state() {
        return Map.of();
    }

    /** Restores {@link #state()}. */
    default void restore(Map<String, double[]> state) {}
}
