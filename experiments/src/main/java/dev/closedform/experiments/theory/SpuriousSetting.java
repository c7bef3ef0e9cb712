package dev.closedform.experiments.theory;

import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.closedform.data.RegressionData;
import dev.closedform.experiments.landscape.Landscape;
import dev.closedform.experiments.landscape.LandscapeConfig;
import dev.closedform.experiments.landscape.LandscapeResult;
import dev.closedform.experiments.task.FriedmanTask;
import dev.closedform.model.Backbone;
import dev.closedform.model.Mlp;
import java.util.List;

/**
 * The models whose initial states are counted: the one-unit {@code f(x) = W relu(theta x)} on the three
 * points of Figure 1 (all inputs positive, so every {@code theta <= 0} switches the feature off), and a
 * one-hidden-layer ReLU network on Friedman #1, raw (inputs in [0, 1]^10, as without standardisation)
 * and standardised. All use the library's initialisation (DJL's default for {@code Linear}: weights
 * N(0, 2 / fan-in), biases 0).
 */
public enum SpuriousSetting {
    ONE_UNIT("f(x) = W relu(theta x), Figure 1 points"),
    NETWORK_RAW("one-hidden-layer ReLU net, Friedman #1 raw inputs"),
    NETWORK_STANDARDISED("one-hidden-layer ReLU net, Friedman #1 standardised");

    private final String description;

    SpuriousSetting(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Whether the head has a bias column (the networks: the library default; the one-unit model: none, as in Figure 1). */
    boolean headBias() {
        return this != ONE_UNIT;
    }

    Backbone backbone(SpuriousConfig c, int inputDim) {
        if (this == ONE_UNIT) {
            SequentialBlock block = new SequentialBlock()
                    .add(Linear.builder().setUnits(1).optBias(false).build())
                    .add(LambdaBlock.singleton(Activation::relu, "relu"));
            return new Backbone(block, 1, 1, "relu(theta x)");
        }
        return Mlp.build(inputDim, new int[] {c.hidden()}, dev.closedform.model.Activation.RELU);
    }

    /** Training rows (the test rows are only needed by the loop's evaluation). */
    RegressionData[] data(SpuriousConfig c) {
        if (this == ONE_UNIT) {
            LandscapeResult r = Landscape.compute(LandscapeConfig.builder().build());
            float[] x = new float[r.x().length];
            float[] y = new float[r.y().length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.x()[i];
                y[i] = (float) r.y()[i];
            }
            RegressionData d = new RegressionData(x, y, List.of("x"), List.of("y"));
            return new RegressionData[] {d, d};
        }
        var prepared = new FriedmanTask(c.trainRows(), 256, 1.0, this == NETWORK_STANDARDISED).prepare(1);
        return new RegressionData[] {prepared.train(), prepared.test()};
    }

    /** Rows per {@code cf-prox} step. */
    int batchSize(SpuriousConfig c) {
        return this == ONE_UNIT ? 1 : c.batchSize();
    }
}
