package dev.closedform.train;

/** Whether a step moves the backbone before or after re-solving the last layer (docs/methods.md). */
public enum UpdateOrder {
    /** Backbone step with {@code W_{t-1}}, then solve {@code W_t} on the updated features (paper default). */
    BACKBONE_FIRST,
    /** Solve {@code W_t} on the current features, then take the backbone step with it. */
    LAST_LAYER_FIRST
}
