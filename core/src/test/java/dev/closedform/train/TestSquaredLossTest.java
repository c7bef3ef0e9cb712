package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.NpyArray;
import dev.closedform.data.Npz;
import dev.closedform.data.RegressionData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The classification runs' second test metric, {@code test_sq_loss}, and its way through checkpoints. */
class TestSquaredLossTest {

    private static final int P = 4;
    private static final int K = 3;
    private static final float M = 2; // scaled one-hot targets

    /** Rows of P inputs; the class is the argmax of the first K inputs; the target row is M at the class. */
    static RegressionData data(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n * P];
        float[] y = new float[n * K];
        for (int i = 0; i < n; i++) {
            int label = 0;
            for (int j = 0; j < P; j++) {
                x[i * P + j] = (float) r.nextGaussian();
                if (j < K && x[i * P + j] > x[i * P + label]) {
                    label = j;
                }
            }
            y[i * K + label] = M;
        }
        return new RegressionData(x, y, Ref.names("x", P), Ref.names("c", K));
    }

    /**
     * Independent of the loop: a linear model's outputs {@code W [x; 1]} in double precision from the
     * final head, turned into probabilities times M for ce, then the mean squared distance to the targets.
     */
    private static double expectedSquaredLoss(DenseMatrix w, RegressionData test, boolean softmax) {
        float[] x = test.x();
        float[] y = test.y();
        double total = 0;
        for (int i = 0; i < test.rows(); i++) {
            double[] f = new double[K];
            for (int o = 0; o < K; o++) {
                f[o] = w.get(o, P); // bias column last
                for (int j = 0; j < P; j++) {
                    f[o] += w.get(o, j) * x[i * P + j];
                }
            }
            if (softmax) {
                double z = 0;
                for (int o = 0; o < K; o++) {
                    z += Math.exp(f[o]);
                }
                for (int o = 0; o < K; o++) {
                    f[o] = M * Math.exp(f[o]) / z;
                }
            }
            for (int o = 0; o < K; o++) {
                total += (f[o] - y[i * K + o]) * (f[o] - y[i * K + o]);
            }
        }
        return total / test.rows();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "cf-prox", "ce"})
    void testSquaredLossEqualsAnIndependentComputation(String method) {
        RegressionData train = data(1, 60);
        RegressionData test = data(2, 25);
        TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(2).optBatchSize(16)
                .optLearningRate(0.05).optSeed(4).build();
        try (LastLayerModel m = new LastLayerModel(Mlp.build(P, new int[0], Activation.RELU), K, true, 4)) {
            TrainingResult r = new TrainingLoop(config).fit(m, train, test, TestMetric.accuracy());
            for (EpochMetrics e : r.epochs()) {
                assertEquals(List.of("test_sq_loss"), List.copyOf(e.extraTestMetrics().keySet()));
            }
            double expected = expectedSquaredLoss(m.head(), test, method.equals("ce"));
            double got = r.last().extraTestMetrics().get("test_sq_loss");
            assertEquals(expected, got, 1e-5 * expected, method);
            assertTrue(got < M * M, "a trained model beats predicting zeros: " + got);
        }
    }

    @Test
    void regressionMetricsHaveNoExtras() {
        assertEquals(Map.of(), TestMetric.meanSquaredError().extras(new float[] {1}, Ref.linear(1, 1, 1, 1)));
    }

    @Test
    void softmaxScaledIsMTimesTheProbabilities() {
        float[] p = Losses.softmaxScaled(new float[] {0, (float) Math.log(3), 1000, 0}, new float[] {0, 2, 0, 5}, 2);
        assertEquals(0.5, p[0], 1e-6);
        assertEquals(1.5, p[1], 1e-6);
        assertEquals(5, p[2], 1e-6); // no overflow
        assertEquals(0, p[3], 1e-6);
    }

    private static Checkpoint checkpoint(List<EpochMetrics> history) {
        return new Checkpoint("cfg", history.size(), 10, 1.5, history, Map.of("w", new float[] {1, 2}),
                new double[] {0.5}, List.of(), 0);
    }

    @Test
    void checkpointKeepsExtraMetricsAndReadsOldCheckpointsWithout(@TempDir Path dir) throws Exception {
        NpzCheckpointStore store = new NpzCheckpointStore(dir.resolve("c.npz"));
        List<EpochMetrics> history = List.of(
                new EpochMetrics(1, 5, 0.9, 0.6, 1.0), // recorded before the metric existed
                new EpochMetrics(2, 10, 0.8, 0.7, 2.0, Map.of("test_sq_loss", 0.25)));
        store.save(checkpoint(history));
        assertEquals(history, store.load().orElseThrow().metrics());

        // a checkpoint written before extra metrics existed: five columns, no names array
        Map<String, NpyArray> arrays = new java.util.LinkedHashMap<>(Npz.read(store.file()));
        arrays.remove("meta.metric_extras_utf8");
        arrays.put("meta.metrics", NpyArray.of(new double[] {1, 5, 0.9, 0.6, 1.0, 2, 10, 0.8, 0.7, 2.0}, 2, 5));
        Npz.write(store.file(), arrays);
        Checkpoint old = store.load().orElseThrow();
        assertEquals(List.of(new EpochMetrics(1, 5, 0.9, 0.6, 1.0), new EpochMetrics(2, 10, 0.8, 0.7, 2.0)), old.metrics());
        assertEquals("cfg", old.configKey());
    }
}
