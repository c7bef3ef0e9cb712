package dev.closedform.train;

/**
 * How the workers of a synchronous data-parallel run combine what each computed on its part of a
 * step. Every worker runs the same {@link TrainingLoop} on a replica of the model (same seed) and
 * takes its share of the shards of every batch ({@link TrainingLoop#optCollective}); the loop sums
 * the shards' gradients, losses and head statistics over the workers through this interface before
 * the optimiser update and the closed-form solve, so every replica applies the identical update.
 *
 * <p>Implementations must return the same bits on every worker and reduce in an order that does
 * not depend on timing, so that a run is reproducible.
 */
public interface Collective {

    /** This worker's index, {@code 0 <= rank < workers}. */
    int rank();

    /** Number of workers taking part; at least 1. */
    int workers();

    /** Replaces {@code values} by their elementwise sum over all workers. */
    void sumInPlace(float[] values);

    /** Replaces {@code values} by their elementwise sum over all workers. */
    void sumInPlace(double[] values);
}
