package dev.closedform.model;

import ai.djl.nn.Block;

/**
 * A feature map {@code phi_theta: R^inputDim -> R^featureDim}: any DJL {@link Block} whose output
 * is a single (rows x featureDim) array. The closed-form head sits on top of it.
 */
public record Backbone(Block block, int inputDim, int featureDim, String description) {
    public Backbone {
        if (featureDim < 1) {
            throw new IllegalArgumentException("featureDim must be >= 1, got " + featureDim);
        }
    }
}
