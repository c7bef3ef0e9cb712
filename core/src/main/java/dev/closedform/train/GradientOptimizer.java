package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Updates parameters in place from their accumulated gradients, then zeroes the gradients.
 * Written here rather than taken from DJL so that the optimiser state can be checkpointed and a
 * resumed run continues exactly where it stopped. Call inside an {@link ai.djl.ndarray.NDScope}:
 * temporaries are not closed by the optimiser.
 */
public interface GradientOptimizer {

    void update(List<NDArray> parameters);

    /**
     * Multiplies the configured learning rate by {@code scale} from the next update on (a schedule);
     * the state (moments, velocity) does not depend on it.
     */
    void setLearningRateScale(double scale);

    /** Internal state arrays (momentum buffers, moments), in a fixed order, for checkpoints. */
    List<NDArray> state();

    /** Number of updates taken (Adam's bias correction depends on it). */
    long updates();

    void setUpdates(long updates);

    static GradientOptimizer create(OptimizerKind kind, double learningRate, double momentum, List<NDArray> parameters) {
        return switch (kind) {
            case SGD -> new SgdOptimizer(learningRate, 0, parameters);
            case MOMENTUM -> new SgdOptimizer(learningRate, momentum, parameters);
            case ADAM -> new AdamOptimizer(learningRate, 0.9, 0.999, 1e-8, parameters);
        };
    }
}
