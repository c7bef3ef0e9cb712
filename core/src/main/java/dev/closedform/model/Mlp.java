package dev.closedform.model;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.closedform.engine.EngineSettings;
import java.util.Arrays;

/**
 * Multi-layer perceptron backbone {@code phi_theta}: every layer but the last. With no hidden
 * layers it is the identity, so the model is linear in the inputs and {@code cf-full} is exactly
 * ridge regression.
 */
public final class Mlp {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private Mlp() {}

    /**
     * Builds the backbone.
     *
     * @param hidden     hidden layer widths, first to last (empty: identity backbone)
     * @param activation non-linearity after every hidden layer, including the last one, so the
     *                   features fed to the closed-form head are post-activation
     */
    public static Backbone build(int inputDim, int[] hidden, Activation activation) {
        if (inputDim < 1) {
            throw new IllegalArgumentException("inputDim must be >= 1, got " + inputDim);
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer sizes must be >= 1, got " + Arrays.toString(hidden));
            }
        }
        if (hidden.length == 0) {
            Block identity = LambdaBlock.singleton(x -> x, "identity");
            return new Backbone(identity, inputDim, inputDim, "linear (no hidden layers)");
        }
        SequentialBlock block = new SequentialBlock();
        for (int h : hidden) {
            block.add(Linear.builder().setUnits(h).build());
            block.add(LambdaBlock.singleton(activation::apply, activation.name().toLowerCase()));
        }
        String description = "mlp " + inputDim + "-" + String.join("-",
                Arrays.stream(hidden).mapToObj(Integer::toString).toArray(String[]::new))
                + " " + activation.name().toLowerCase();
        return new Backbone(block, inputDim, hidden[hidden.length - 1], description);
    }

    /** Parses {@code 256,256} or {@code none} (no hidden layers). */
    public static int[] parseHidden(String spec) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("none") || s.isEmpty()) {
            return new int[0];
        }
        try {
            return Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hidden sizes must be comma-separated integers or 'none', got '" + spec + "'");
        }
    }
}
