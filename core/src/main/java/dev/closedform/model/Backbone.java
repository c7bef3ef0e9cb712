package dev.closedform.model;

import ai.djl.nn.Block;
import dev.closedform.engine.EngineSettings;

/**
 * A feature map {@code phi_theta: R^inputDim -> R^featureDim}: any DJL {@link Block} whose output
 * is a single (rows x featureDim) array. The closed-form head sits on top of it.
 *
 * <p>{@code pointsPerSample} is 1 for ordinary models. A neural operator applies its last layer
 * pointwise: one input row (a sampled field of {@code pointsPerSample} grid values) yields
 * {@code pointsPerSample} feature rows, in (sample, point) order, so the block's output has
 * {@code rows * pointsPerSample} rows and the head's rows are (sample, grid point) pairs.
 */
public record Backbone(Block block, int inputDim, int featureDim, String description, int pointsPerSample) {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    public Backbone {
        if (featureDim < 1) {
            throw new IllegalArgumentException("featureDim must be >= 1, got " + featureDim);
        }
        if (pointsPerSample < 1) {
            throw new IllegalArgumentException("pointsPerSample must be >= 1, got " + pointsPerSample);
        }
    }

    /** An ordinary backbone: one feature row per input row. */
    public Backbone(Block block, int inputDim, int featureDim, String description) {
        this(block, inputDim, featureDim, description, 1);
    }
}
