package dev.closedform.experiments.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.closedform.data.FieldNormalizer;
import dev.closedform.experiments.operator.HeatSemigroup;
import dev.closedform.experiments.operator.OperatorData;
import dev.closedform.model.Backbone;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorTaskTest {

    private static OperatorTask smallHeat1d() {
        return new OperatorTask("heat1d", 1, new HeatSemigroup(1, 32, 4, 0.002), null, 48, 16, 1,
                8, 6, 2, 0, FieldNormalizer.Mode.GLOBAL, FieldNormalizer.Mode.GLOBAL);
    }

    /** All four default methods run through the one TrainingLoop on an FNO; cf-prox learns the operator. */
    @Test
    void everyMethodTrainsAnFnoThroughTheSameLoop() {
        PreparedData data = smallHeat1d().prepare(1);
        assertEquals(32, data.train().inputDim());
        assertEquals(32, data.train().outputDim());
        assertEquals("test_rel_l2", data.metric().name());
        for (String method : new String[] {"sgd", "adam", "cf-ridge", "cf-prox"}) {
            Backbone backbone = data.model().get();
            assertEquals(32, backbone.pointsPerSample());
            TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(4).optBatchSize(8)
                    .optLearningRate(method.equals("adam") ? 3e-3 : 0.05).optRidge(1e-4).optSeed(1).build();
            try (LastLayerModel model = new LastLayerModel(backbone, 1, true, 1)) {
                TrainingResult r = new TrainingLoop(config).fit(model, data.train(), data.test(), data.metric());
                EpochMetrics first = r.epochs().get(0);
                EpochMetrics last = r.last();
                assertEquals(4L * 48 / 8, last.steps());
                assertTrue(Double.isFinite(last.testMetric()), method);
                assertTrue(last.trainLoss() < first.trainLoss() || last.trainLoss() < 1e-3, method + ": " + r.epochs());
                if (method.equals("cf-prox") || method.equals("cf-ridge")) {
                    assertTrue(last.testMetric() < 0.2, method + " relative L2 " + last.testMetric());
                }
                // the reported training loss is the mean over (sample, grid point) head rows
                assertEquals(meanOverHeadRows(model, data), last.trainLoss(), 1e-4 * Math.max(1, last.trainLoss()), method);
            }
        }
    }

    /** Full-batch and refit methods shard the whole training set by fields and still solve over (sample, point) rows. */
    @Test
    void fullBatchAndRefitMethodsRunOnFields() {
        PreparedData data = smallHeat1d().prepare(3);
        for (String method : new String[] {"cf-full", "refit"}) {
            TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(2).optBatchSize(16)
                    .optLearningRate(0.05).optRidge(1e-4).optSeed(1).build();
            try (LastLayerModel model = new LastLayerModel(data.model().get(), 1, true, 1)) {
                TrainingResult r = new TrainingLoop(config).fit(model, data.train(), data.test(), data.metric());
                assertTrue(Double.isFinite(r.last().testMetric()) && r.last().testMetric() < 1, method + " " + r.epochs());
                assertEquals(meanOverHeadRows(model, data), r.last().trainLoss(), 1e-4 * Math.max(1, r.last().trainLoss()), method);
            }
        }
    }

    /** Shards split a batch of fields; gradients and Gram statistics summed over shards give the unsharded run. */
    @Test
    void shardingFieldsDoesNotChangeTheRun() {
        PreparedData data = smallHeat1d().prepare(2);
        double[] finals = new double[2];
        int[] shardRows = {0, 3};
        for (int i = 0; i < 2; i++) {
            TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(1).optBatchSize(8)
                    .optLearningRate(0.05).optRidge(1e-4).optShardRows(shardRows[i]).optSeed(1).build();
            try (LastLayerModel model = new LastLayerModel(data.model().get(), 1, true, 1)) {
                finals[i] = new TrainingLoop(config).fit(model, data.train(), data.test(), data.metric()).last().trainLoss();
            }
        }
        assertEquals(finals[0], finals[1], 1e-4 * finals[0]);
    }

    private static double meanOverHeadRows(LastLayerModel model, PreparedData data) {
        try (NDManager m = NDManager.newBaseManager()) {
            int rows = data.train().rows();
            int points = data.train().outputDim();
            NDArray x = m.create(data.train().x(), new Shape(rows, points));
            float[] p = model.predict(model.features(x, false)).toFloatArray();
            float[] y = data.train().y();
            assertEquals(rows * points, p.length);
            double s = 0;
            for (int i = 0; i < p.length; i++) {
                double d = (double) p[i] - y[i];
                s += d * d;
            }
            return s / (rows * points);
        }
    }

    @Test
    void npzFilesFeedTheTaskWithSubsamplingAndTheOriginalSplit(@TempDir Path dir) throws Exception {
        OperatorData fine = new HeatSemigroup(2, 12, 2, 0.01).generate(7, 3);
        Path file = dir.resolve("darcy.npz");
        fine.writeNpz(file);
        OperatorData back = OperatorData.readNpz(file, 2);
        assertArrayEquals(fine.a(), back.a());
        assertArrayEquals(fine.u(), back.u());
        assertEquals(12, back.gridY());
        OperatorData coarse = back.subsample(3);
        assertEquals(4, coarse.gridX());
        assertEquals(4, coarse.gridY());
        // sample 5, coarse point (2, 1) is fine point (6, 3)
        assertEquals(fine.u()[5 * 144 + 6 * 12 + 3], coarse.u()[5 * 16 + 2 * 4 + 1]);

        OperatorTask task = new OperatorTask("darcy", 2, null, file, 4, 2, 3, 4, 2, 1, 2,
                FieldNormalizer.Mode.NONE, FieldNormalizer.Mode.NONE);
        PreparedData data = task.prepare(1);
        assertEquals(4, data.train().rows());
        assertEquals(2, data.test().rows());
        assertEquals(16, data.train().inputDim());
        // test = the last samples of the file
        assertEquals((float) fine.a()[6 * 144 + 3 * 12 + 6], data.test().x(1, 1 * 4 + 2));
        assertEquals(16, data.model().get().pointsPerSample());

        assertThrows(IllegalArgumentException.class, () -> new OperatorTask("darcy", 2, null, file, 6, 2, 1, 4, 2, 1, 2,
                FieldNormalizer.Mode.NONE, FieldNormalizer.Mode.NONE).prepare(1));
        assertThrows(IllegalArgumentException.class, () -> OperatorData.readNpz(file, 1).subsample(1).rows(0, 1));
    }

    @Test
    void heatSemigroupIsTheExactDampingOfEachMode() {
        OperatorData d = new HeatSemigroup(1, 16, 1, 0.01).generate(1, 9);
        // modes 0 and 1 only: u - mean(u) = exp(-4 pi^2 t) (a - mean(a))
        double ma = 0;
        double mu = 0;
        for (int x = 0; x < 16; x++) {
            ma += d.a()[x] / 16;
            mu += d.u()[x] / 16;
        }
        assertEquals(ma, mu, 1e-12);
        double damp = Math.exp(-4 * Math.PI * Math.PI * 0.01);
        for (int x = 0; x < 16; x++) {
            assertEquals(damp * (d.a()[x] - ma), d.u()[x] - mu, 1e-12);
        }
    }
}
