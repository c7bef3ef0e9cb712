package dev.closedform.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import dev.closedform.data.RegressionData;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.NpzCheckpointStore;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With random crop and flip, a run resumed from a checkpoint still equals the uninterrupted run. */
class AugmentedResumeTest {

    private static final RegressionData TRAIN = ConvNetsTest.images(32, 1, 32, 32, 3, 21);
    private static final RegressionData TEST = ConvNetsTest.images(16, 1, 32, 32, 3, 22);

    private static TrainingConfig config(String method) {
        return TrainingConfig.builder().setMethod(method).optEpochs(3).optBatchSize(16)
                .optLearningRate(0.01).optProx(1).optSeed(3).build();
    }

    private static LastLayerModel model(boolean augment) {
        return new LastLayerModel(ConvNets.smallCnn(1, 32, 32, augment ? 3L : null), 3, true, 3);
    }

    private record Outcome(List<EpochMetrics> metrics, double[] head, Map<String, float[]> backbone) {
        static Outcome of(List<EpochMetrics> metrics, LastLayerModel m) {
            Map<String, float[]> backbone = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : m.backboneParameters().entrySet()) {
                backbone.put(e.getKey(), e.getValue().toFloatArray());
            }
            // wall time differs between runs; everything else must not
            List<EpochMetrics> numbers = metrics.stream().map(x -> new EpochMetrics(x.epoch(), x.steps(), x.trainLoss(),
                    x.testMetric(), 0, x.extraTestMetrics())).toList();
            return new Outcome(numbers, m.head().data().clone(), backbone);
        }

        void assertSame(Outcome other) {
            assertEquals(metrics, other.metrics);
            assertArrayEquals(head, other.head, "final head");
            assertEquals(backbone.keySet(), other.backbone.keySet());
            backbone.forEach((k, v) -> assertArrayEquals(v, other.backbone.get(k), k));
        }
    }

    private static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cf-prox", "sgd"})
    void resumedAugmentedRunEqualsUninterruptedRun(String method, @TempDir Path dir) {
        TrainingConfig config = config(method);
        Outcome full;
        try (LastLayerModel m = model(true)) {
            full = Outcome.of(new TrainingLoop(config).fit(m, TRAIN, TEST, TestMetric.accuracy()).epochs(), m);
        }
        try (LastLayerModel m = model(false)) { // the augmentation really changes the trajectory
            Outcome plain = Outcome.of(new TrainingLoop(config).fit(m, TRAIN, TEST, TestMetric.accuracy()).epochs(), m);
            assertNotEquals(full.metrics(), plain.metrics());
        }

        NpzCheckpointStore store = new NpzCheckpointStore(dir.resolve("checkpoint.npz"));
        try (LastLayerModel m = model(true)) {
            TrainingListener crashAfterEpoch1 = new TrainingListener() {
                @Override
                public void onEpoch(EpochMetrics metrics) {
                    if (metrics.epoch() == 1) {
                        throw new Crash();
                    }
                }
            };
            assertThrows(Crash.class, () -> new TrainingLoop(config).optCheckpoints(store).optListener(crashAfterEpoch1)
                    .fit(m, TRAIN, TEST, TestMetric.accuracy()));
        }
        assertEquals(1, store.load().orElseThrow().epochsDone());
        try (LastLayerModel m = model(true)) {
            List<EpochMetrics> resumed = new TrainingLoop(config).optCheckpoints(store)
                    .fit(m, TRAIN, TEST, TestMetric.accuracy()).epochs();
            full.assertSame(Outcome.of(resumed, m));
        }
    }
}
