package dev.closedform;

// README-BEGIN
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.closedform.data.RegressionData;
import dev.closedform.model.Backbone;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.util.List;
import java.util.Random;

public class ReadmeExample {
    /** y = sin(x1) + x2^2 with x uniform on [-2, 2]^2. */
    static RegressionData data(int rows, long seed) {
        Random random = new Random(seed);
        float[] x = new float[2 * rows];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = 4 * random.nextFloat() - 2;
            x[2 * i + 1] = 4 * random.nextFloat() - 2;
            y[i] = (float) (Math.sin(x[2 * i]) + x[2 * i + 1] * x[2 * i + 1]);
        }
        return new RegressionData(x, y, List.of("x1", "x2"), List.of("y"));
    }

    public static TrainingResult train() {
        // Your own DJL block as the backbone: (rows, 2) -> (rows, 32) features.
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(32).build())
                .add(Activation.reluBlock());
        Backbone backbone = new Backbone(block, 2, 32, "my block");
        // cf-prox: SGD on the block, the last layer re-solved in closed form after every step.
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox")
                .optEpochs(10).optBatchSize(32).optProx(1.0).optRidge(1e-3).optSeed(1).build();
        try (LastLayerModel model = new LastLayerModel(backbone, 1, true, 1)) { // 1 output, bias column
            return new TrainingLoop(config).fit(model, data(1024, 1), data(256, 2), TestMetric.meanSquaredError());
        }
    }
}
// README-END
