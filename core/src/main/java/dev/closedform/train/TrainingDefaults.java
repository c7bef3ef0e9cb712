package dev.closedform.train;

/**
 * The values a {@link TrainingConfig.Builder} starts from when the caller leaves them unset: the
 * library's generic ones ({@link #GENERIC}), or a task's own (an operator task trains with batch 20
 * and a larger SGD step than a tabular one).
 *
 * @param epochs            passes over the training split
 * @param batchSize         rows per step
 * @param sgdLearningRate   step size with SGD or momentum on the backbone
 * @param adamLearningRate  step size with Adam
 */
public record TrainingDefaults(int epochs, int batchSize, double sgdLearningRate, double adamLearningRate) {

    /** 20 epochs, batch 32, SGD 1e-2, Adam 1e-3. */
    public static final TrainingDefaults GENERIC = new TrainingDefaults(20, 32, 1e-2, 1e-3);

    public TrainingDefaults {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("default epochs and batchSize must be >= 1, got " + epochs + " and " + batchSize);
        }
        if (!(sgdLearningRate > 0) || !(adamLearningRate > 0)) {
            throw new IllegalArgumentException("default learning rates must be > 0, got " + sgdLearningRate + " and " + adamLearningRate);
        }
    }

    /** The default step size of a backbone optimiser. */
    public double learningRate(OptimizerKind optimizer) {
        return optimizer == OptimizerKind.ADAM ? adamLearningRate : sgdLearningRate;
    }
}
