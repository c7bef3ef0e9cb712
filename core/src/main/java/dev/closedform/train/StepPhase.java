package dev.closedform.train;

/**
 * The parts of one training step, in the order a backbone-first closed-form step runs them. The
 * loop reports each transition to {@link TrainingListener#onPhase}, so a profiler can attribute
 * the step's time; a phase may be entered more than once per step (last-layer-first solves
 * between the forward and the backward pass of the backbone step).
 */
public enum StepPhase {
    /**
     * Forward and backward pass with gradients, the optimiser's update, and the step's own
     * bookkeeping (the batch's tensors, releasing the step's arrays).
     */
    BACKBONE_STEP,
    /** Features of the updated backbone on the same batch, without gradients (backbone-first only). */
    SECOND_FORWARD,
    /** The head's sufficient statistics on the engine, copied to the JVM. */
    STATISTICS,
    /** The float64 solve for the new last layer, and writing it into the model. */
    SOLVE
}
