package dev.closedform.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.RegressionData;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each method beyond the paper through the one loop on every kind of model: tabular MLP, FNO operator, image CNN (tiny sizes). */
class NewMethodsSmokeTest {

    private static List<String> names(String prefix, int k) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    /** Tabular: y = sin(2 x0) + x1^2 (regression) or its one-hot sign (classification). */
    private static RegressionData tabular(int n, boolean classes, long seed) {
        Random r = new Random(seed);
        float[] x = new float[2 * n];
        float[] y = new float[n * (classes ? 2 : 1)];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) (3 * r.nextDouble() - 1.5);
            x[2 * i + 1] = (float) (2 * r.nextDouble() - 1);
            double v = Math.sin(2 * x[2 * i]) + x[2 * i + 1] * x[2 * i + 1] - 0.3;
            if (classes) {
                y[2 * i + (v > 0 ? 1 : 0)] = 1;
            } else {
                y[i] = (float) v;
            }
        }
        return new RegressionData(x, y, names("x", 2), names("y", classes ? 2 : 1));
    }

    /** Operator: u = a shifted by one grid point, plus its square, on a periodic grid of 8 points. */
    private static RegressionData fields(int n, long seed) {
        int p = 8;
        Random r = new Random(seed);
        float[] a = new float[n * p];
        float[] u = new float[n * p];
        for (int i = 0; i < n; i++) {
            double c1 = r.nextGaussian();
            double c2 = r.nextGaussian();
            for (int j = 0; j < p; j++) {
                a[i * p + j] = (float) (c1 * Math.sin(2 * Math.PI * j / p) + c2 * Math.cos(2 * Math.PI * j / p));
            }
            for (int j = 0; j < p; j++) {
                double v = a[i * p + (j + 1) % p];
                u[i * p + j] = (float) (v + 0.3 * v * v);
            }
        }
        return new RegressionData(a, u, names("a", p), names("u", p));
    }

    private static TrainingConfig config(String method, int epochs, int batch) {
        return TrainingConfig.builder().setMethod(method).optEpochs(epochs).optBatchSize(batch).optLearningRate(0.02)
                .optSlimtikMemory(method.equals("slimtik") ? 1 : 0).optSeed(1).build();
    }

    private static void assertLearns(List<EpochMetrics> epochs, String what) {
        double first = epochs.get(0).trainLoss();
        double last = epochs.get(epochs.size() - 1).trainLoss();
        epochs.forEach(e -> assertTrue(Double.isFinite(e.trainLoss()) && Double.isFinite(e.testMetric()), what + ": " + e));
        assertTrue(last < first, what + ": train loss " + first + " -> " + last);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cf-auto", "slimtik", "cf-rls"})
    void regressionMethodsTrainAnMlpAndAnFno(String method) {
        RegressionData train = tabular(256, false, 1);
        try (LastLayerModel m = new LastLayerModel(Mlp.build(2, new int[] {16, 16}, Activation.TANH), 1, true, 1)) {
            assertLearns(new TrainingLoop(config(method, 6, 32)).fit(m, train, tabular(64, false, 2), TestMetric.meanSquaredError()).epochs(),
                    method + " mlp");
        }
        RegressionData ops = fields(48, 3);
        try (LastLayerModel m = new LastLayerModel(FnoConfig.oneD(8, 4, 3, 1, 8).backbone(), 1, true, 1)) {
            assertLearns(new TrainingLoop(config(method, 4, 8)).fit(m, ops, fields(16, 4), TestMetric.relativeL2(null)).epochs(),
                    method + " fno");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cf-auto", "slimtik", "cf-rls", "cf-newton"})
    void everyNewMethodTrainsASmallCnnOnAnEasyImageProblem(String method) {
        RegressionData train = ConvNetsTest.images(240, 1, 8, 8, 3, 11);
        RegressionData test = ConvNetsTest.images(120, 1, 8, 8, 3, 12);
        try (LastLayerModel m = new LastLayerModel(ConvNets.smallCnn(1, 8, 8), 3, true, 1)) {
            double acc = new TrainingLoop(config(method, 3, 32)).fit(m, train, test, TestMetric.accuracy()).finalTestMetric();
            assertTrue(acc > 0.9, method + " accuracy " + acc);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cf-newton"})
    void crossEntropyNewtonTrainsATabularClassifierAndRefusesAnOperator(String method) {
        RegressionData train = tabular(256, true, 5);
        try (LastLayerModel m = new LastLayerModel(Mlp.build(2, new int[] {16, 16}, Activation.TANH), 2, true, 1)) {
            List<EpochMetrics> epochs = new TrainingLoop(config(method, 6, 32)).fit(m, train, tabular(128, true, 6), TestMetric.accuracy()).epochs();
            assertLearns(epochs, method + " mlp");
            assertTrue(epochs.get(epochs.size() - 1).testMetric() > 0.75, "accuracy " + epochs.get(epochs.size() - 1).testMetric());
        }
        try (LastLayerModel m = new LastLayerModel(FnoConfig.oneD(8, 4, 3, 1, 8).backbone(), 1, true, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TrainingLoop(config(method, 1, 8)).fit(m, fields(16, 3), fields(8, 4), TestMetric.relativeL2(null)));
            assertTrue(e.getMessage().contains("cf-newton") && e.getMessage().contains("classification"), e.getMessage());
        }
    }
}
