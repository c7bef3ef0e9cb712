package dev.closedform;

// DOC-BEGIN
import dev.closedform.data.RegressionData;
import dev.closedform.data.Standardizer;
import dev.closedform.data.TabularFiles;
import dev.closedform.data.TrainTestSplit;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

public class LibraryExample {
    /** Fits cf-prox to the column "y" of a table (CSV, .npy or .npz) and returns its learning curve. */
    public static TrainingResult fit(Path table) throws IOException {
        RegressionData all = TabularFiles.read(table, List.of("y"));
        TrainTestSplit split = TrainTestSplit.random(all, 0.2, 1);     // seeded 80/20 split
        Standardizer s = Standardizer.fit(split.train());              // training statistics only
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox")
                .optEpochs(15).optBatchSize(32).optLearningRate(1e-2).optProx(1.0).optRidge(1e-3).optSeed(1).build();
        try (LastLayerModel model = new LastLayerModel(
                Mlp.build(all.inputDim(), new int[] {64, 64}, Activation.RELU), 1, true, 1)) {
            // test MSE in standardised units: 1 is what predicting the mean scores
            return new TrainingLoop(config).fit(model, s.apply(split.train()), s.apply(split.test()),
                    TestMetric.meanSquaredError());
        }
    }
}
// DOC-END
