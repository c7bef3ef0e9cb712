package dev.closedform.train;

import dev.closedform.head.DenseMatrix;

/**
 * How a method keeps the last layer {@code W}: the strategy part of a method. The loop is the same
 * for all; it asks the rule for a new {@code W} from a batch's head features, or lets the gradient
 * optimiser move {@code W} when {@link #trainedByGradient()}.
 */
public interface LastLayerRule {

    /** {@code W} is a parameter of the gradient step (the joint methods). */
    default boolean trainedByGradient() {
        return false;
    }

    /** Every step sees the whole training set and solves before the backbone step (cf-full). */
    default boolean fullBatch() {
        return false;
    }

    /** After the last epoch, replace {@code W} by the exact ridge solve on the whole training set. */
    default boolean refitsAtEnd() {
        return false;
    }

    /**
     * The new last layer from a batch's features.
     *
     * @param previous the current {@code W}, or {@code null} for the initial solve {@code W_0}
     */
    DenseMatrix update(HeadBatch batch, DenseMatrix previous);
}
