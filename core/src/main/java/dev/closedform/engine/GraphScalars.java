package dev.closedform.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar factors for arrays that autograd will differentiate. DJL's {@code NDArray.mul(Number)} and
 * {@code div(Number)} wrap the number in a tensor that points into a Java direct buffer and close it
 * at once; the autograd graph keeps the tensor for the backward pass, but the JVM may free (and reuse)
 * the buffer before then. A garbage collection between forward and backward then silently changes the
 * factor: in a test, {@code x.sum().div(4)} gave gradients of 1/1023 and infinity instead of 1/4. A
 * tensor the engine allocates itself ({@code full}) is owned by the engine and safe.
 */
public final class GraphScalars {

    private GraphScalars() {}

    /** {@code a * factor}, safe to differentiate. */
    public static NDArray times(NDArray a, double factor) {
        return a.mul(constant(a, factor));
    }

    /** {@code a / divisor}, safe to differentiate. */
    public static NDArray dividedBy(NDArray a, double divisor) {
        return a.div(constant(a, divisor));
    }

    /** A 0-dimensional engine-allocated tensor holding {@code value}, in {@code like}'s manager and data type. */
    public static NDArray constant(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }
}
