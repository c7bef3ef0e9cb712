package dev.closedform.model;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** Hidden-layer non-linearities of the MLP backbone. */
public enum Activation {
    RELU(ai.djl.nn.Activation::relu),
    TANH(ai.djl.nn.Activation::tanh),
    GELU(ai.djl.nn.Activation::gelu),
    SIGMOID(ai.djl.nn.Activation::sigmoid);

    private final Function<NDArray, NDArray> function;

    Activation(Function<NDArray, NDArray> function) {
        this.function = function;
    }

    public NDArray apply(NDArray x) {
        return function.apply(x);
    }

    /** Parses a user-supplied name such as {@code relu}; the error lists the valid names. */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
