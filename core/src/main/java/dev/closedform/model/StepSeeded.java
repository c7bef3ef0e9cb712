package dev.closedform.model;

/**
 * A block that draws random numbers in training mode (e.g. {@link RandomCropFlip}). The training
 * loop reseeds it before every step from the step's position, so its draws are a function of
 * (seed, epoch, step) rather than of how many draws came before: a run resumed from a checkpoint
 * repeats an uninterrupted one without saving any generator state.
 */
public interface StepSeeded {

    /**
     * Restarts the draws for one step.
     *
     * @param epoch 1-based epoch; 0 for the passes before the first epoch (the initial head solve)
     * @param step  0-based step within the epoch
     */
    void reseed(int epoch, int step);
}
