package dev.closedform.experiments.theory;

import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.NormalInitializer;
import dev.closedform.engine.GraphScalars;
import dev.closedform.model.Backbone;

/**
 * The hidden layer of {@code f(x) = W relu(A x) / sqrt(m)} in the neural-tangent parametrisation: {@code A}
 * (m x inputs, no bias) drawn from N(0, 1), features {@code relu(A x) / sqrt(m)}. The closed-form head
 * supplies {@code W}; with a head without bias column the model is exactly this two-layer network.
 */
public final class NtkBackbone {

    private NtkBackbone() {}

    public static Backbone build(int inputDim, int width) {
        if (inputDim < 1 || width < 1) {
            throw new IllegalArgumentException("inputDim and width must be >= 1, got " + inputDim + " and " + width);
        }
        Linear hidden = Linear.builder().setUnits(width).optBias(false).build();
        hidden.setInitializer(new NormalInitializer(1f), Parameter.Type.WEIGHT);
        double scale = 1 / Math.sqrt(width); // an engine tensor: see GraphScalars
        SequentialBlock block = new SequentialBlock()
                .add(hidden)
                .add(LambdaBlock.singleton(x -> GraphScalars.times(Activation.relu(x), scale), "relu-over-sqrt-width"));
        return new Backbone(block, inputDim, width, "relu(A x) / sqrt(" + width + "), A ~ N(0, 1)");
    }
}
