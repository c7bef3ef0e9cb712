package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.closedform.data.RegressionData;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Same seed, same numbers; a resumed run continues exactly where the interrupted one stopped. */
class ReproducibilityTest {

    private static final int P = 3;
    private static final RegressionData TRAIN = Ref.sines(41, 96, P);
    private static final RegressionData TEST = Ref.sines(42, 40, P);

    private static TrainingConfig config(String method, long seed) {
        return TrainingConfig.builder().setMethod(method).optEpochs(4).optBatchSize(16)
                .optLearningRate(method.equals("adam") ? 1e-2 : 0.05).optRidge(1e-3).optProx(0.5).optSeed(seed).build();
    }

    private static LastLayerModel model(long seed) {
        return new LastLayerModel(Mlp.build(P, new int[] {8}, Activation.TANH), 1, true, seed);
    }

    /** What must match between runs; wall time is excluded. */
    private record Numbers(List<Double> train, List<Double> test, List<Long> steps) {
        static Numbers of(List<EpochMetrics> ms) {
            return new Numbers(ms.stream().map(EpochMetrics::trainLoss).toList(),
                    ms.stream().map(EpochMetrics::testMetric).toList(),
                    ms.stream().map(EpochMetrics::steps).toList());
        }
    }

    private static Numbers run(TrainingConfig config, long modelSeed) {
        try (LastLayerModel m = model(modelSeed)) {
            return Numbers.of(new TrainingLoop(config).fit(m, TRAIN, TEST, TestMetric.meanSquaredError()).epochs());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "cf-prox"})
    void sameSeedSameMetricsDifferentSeedDifferent(String method) {
        Numbers a = run(config(method, 5), 5);
        Numbers b = run(config(method, 5), 5);
        assertEquals(a, b, "two identical runs must agree bit for bit");
        assertEquals(List.of(6L, 12L, 18L, 24L), a.steps());
        // another batch order alone changes the trajectory
        Numbers shuffled = run(config(method, 6), 5);
        assertNotEquals(a.train(), shuffled.train());
        assertNotEquals(a.test(), shuffled.test());
        // another initialisation alone changes it too
        Numbers init = run(config(method, 5), 6);
        assertNotEquals(a.train(), init.train());
    }

    /** Stops the run by throwing from onEpoch (after the checkpoint of that epoch is written). */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cf-prox", "adam", "sgd"})
    void resumedRunEqualsUninterruptedRun(String method, @TempDir Path dir) {
        TrainingConfig config = config(method, 7);
        List<EpochMetrics> full;
        double[] fullHead;
        Map<String, float[]> fullBackbone;
        try (LastLayerModel m = model(7)) {
            full = new TrainingLoop(config).optCheckpoints(new NpzCheckpointStore(dir.resolve("a.npz")))
                    .fit(m, TRAIN, TEST, TestMetric.meanSquaredError()).epochs();
            fullHead = m.head().data().clone();
            fullBackbone = snapshot(m);
        }

        NpzCheckpointStore store = new NpzCheckpointStore(dir.resolve("b.npz"));
        try (LastLayerModel m = model(7)) {
            TrainingListener crashAt2 = new TrainingListener() {
                @Override
                public void onEpoch(EpochMetrics metrics) {
                    if (metrics.epoch() == 2) {
                        throw new Crash();
                    }
                }
            };
            assertThrows(Crash.class, () -> new TrainingLoop(config).optCheckpoints(store).optListener(crashAt2)
                    .fit(m, TRAIN, TEST, TestMetric.meanSquaredError()));
        }
        assertTrue(Files.exists(store.file()));
        assertEquals(2, store.load().orElseThrow().epochsDone());

        int[] resumedFrom = new int[1];
        List<EpochMetrics> resumed;
        try (LastLayerModel m = model(7)) {
            resumed = new TrainingLoop(config).optCheckpoints(store).optListener(new TrainingListener() {
                @Override
                public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
                    resumedFrom[0] = firstEpoch;
                }
            }).fit(m, TRAIN, TEST, TestMetric.meanSquaredError()).epochs();
            assertEquals(3, resumedFrom[0], "must continue after the saved epoch, not start over");
            assertEquals(Numbers.of(full), Numbers.of(resumed));
            assertArrayEquals(fullHead, m.head().data(), "final head");
            Map<String, float[]> backbone = snapshot(m);
            assertEquals(fullBackbone.keySet(), backbone.keySet());
            for (String k : backbone.keySet()) {
                assertArrayEquals(fullBackbone.get(k), backbone.get(k), k);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cf-prox"})
    void resumingWithAnotherConfigurationIsRefused(String method, @TempDir Path dir) {
        TrainingConfig config = config(method, 7).toBuilder().optEpochs(1).build();
        NpzCheckpointStore store = new NpzCheckpointStore(dir.resolve("c.npz"));
        try (LastLayerModel m = model(7)) {
            new TrainingLoop(config).optCheckpoints(store).fit(m, TRAIN, TEST, TestMetric.meanSquaredError());
        }
        TrainingConfig other = config.toBuilder().optLearningRate(0.123).build();
        try (LastLayerModel m = model(7)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TrainingLoop(other).optCheckpoints(store).fit(m, TRAIN, TEST, TestMetric.meanSquaredError()));
            // the differing field with both values, nothing else of the two configurations
            assertTrue(e.getMessage().contains("learningRate: 0.05 (saved) vs 0.123 (now)"), e.getMessage());
            assertFalse(e.getMessage().contains("ridge"), e.getMessage());
        }
        // the same configuration resumes without complaint (already finished: nothing more to do)
        try (LastLayerModel m = model(7)) {
            List<EpochMetrics> again = new TrainingLoop(config).optCheckpoints(store)
                    .fit(m, TRAIN, TEST, TestMetric.meanSquaredError()).epochs();
            assertEquals(1, again.size());
            assertFalse(Double.isNaN(again.get(0).trainLoss()));
        }
    }

    /** A finished run resumed with more epochs ends exactly as an uninterrupted run of the longer length. */
    @ParameterizedTest
    @ValueSource(strings = {"cf-prox", "adam", "refit"})
    void resumingWithMoreEpochsExtendsTheRunExactly(String method, @TempDir Path dir) {
        TrainingConfig longer = config(method, 7);
        TrainingConfig shorter = longer.toBuilder().optEpochs(2).build();
        List<EpochMetrics> full;
        double[] fullHead;
        Map<String, float[]> fullBackbone;
        try (LastLayerModel m = model(7)) {
            full = new TrainingLoop(longer).fit(m, TRAIN, TEST, TestMetric.meanSquaredError()).epochs();
            fullHead = m.head().data().clone();
            fullBackbone = snapshot(m);
        }
        NpzCheckpointStore store = new NpzCheckpointStore(dir.resolve("c.npz"));
        try (LastLayerModel m = model(7)) {
            new TrainingLoop(shorter).optCheckpoints(store).fit(m, TRAIN, TEST, TestMetric.meanSquaredError());
        }
        try (LastLayerModel m = model(7)) {
            List<EpochMetrics> extended = new TrainingLoop(longer).optCheckpoints(store)
                    .fit(m, TRAIN, TEST, TestMetric.meanSquaredError()).epochs();
            assertEquals(4, extended.size());
            assertEquals(full.get(3).trainLoss(), extended.get(3).trainLoss());
            assertEquals(full.get(3).testMetric(), extended.get(3).testMetric());
            assertArrayEquals(fullHead, m.head().data(), "final head");
            Map<String, float[]> backbone = snapshot(m);
            for (String k : backbone.keySet()) {
                assertArrayEquals(fullBackbone.get(k), backbone.get(k), k);
            }
        }
        // shorter than what was done is refused
        try (LastLayerModel m = model(7)) {
            TrainingConfig one = longer.toBuilder().optEpochs(1).build();
            assertThrows(IllegalArgumentException.class,
                    () -> new TrainingLoop(one).optCheckpoints(store).fit(m, TRAIN, TEST, TestMetric.meanSquaredError()));
        }
    }

    private static Map<String, float[]> snapshot(LastLayerModel m) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : m.backboneParameters().entrySet()) {
            out.put(e.getKey(), e.getValue().toFloatArray());
        }
        return out;
    }
}
