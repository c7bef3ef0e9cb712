package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.NpyArray;
import dev.closedform.data.Npz;
import dev.closedform.data.RegressionData;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-epoch time of the head updates ({@link EpochMetrics#headSeconds()}) and its way through checkpoints. */
class HeadTimingTest {

    private static final RegressionData DATA = Ref.sines(5, 512, 2);

    private static List<EpochMetrics> fit(String method, CheckpointStore store, int epochs) {
        TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(epochs).optBatchSize(16)
                .optLearningRate(0.005).optSeed(1).build();
        // a wide head (257 features, 16 rows per batch): the solve is a measurable part of each step
        try (LastLayerModel m = new LastLayerModel(Mlp.build(2, new int[] {256}, Activation.TANH), 1, true, 1)) {
            TrainingLoop loop = new TrainingLoop(config);
            if (store != null) {
                loop.optCheckpoints(store);
            }
            return loop.fit(m, DATA, DATA, TestMetric.meanSquaredError()).epochs();
        }
    }

    @Test
    void closedFormMethodsSpendPartOfTheirStepInTheHeadJointOnesNone() {
        for (EpochMetrics m : fit("sgd", null, 2)) {
            assertEquals(0.0, m.headSeconds(), "sgd never solves for its head");
        }
        List<EpochMetrics> prox = fit("cf-prox", null, 3);
        double previous = 0;
        for (EpochMetrics m : prox) {
            assertTrue(m.headSeconds() > previous, "cumulative and growing: " + prox);
            assertTrue(m.headSeconds() < m.wallSeconds(), "a part of the training time: " + m);
            previous = m.headSeconds();
        }
    }

    /** A resumed run continues the cumulative count; a checkpoint written before it existed gives NaN, never a wrong share. */
    @Test
    void checkpointsKeepTheHeadTime(@TempDir Path dir) throws Exception {
        NpzCheckpointStore store = new NpzCheckpointStore(dir.resolve("c.npz"));
        List<EpochMetrics> first = fit("cf-prox", store, 1);
        Checkpoint saved = store.load().orElseThrow();
        assertEquals(first.get(0).headSeconds(), saved.metrics().get(0).headSeconds());
        List<EpochMetrics> resumed = fit("cf-prox", store, 2);
        assertEquals(first.get(0).headSeconds(), resumed.get(0).headSeconds());
        assertTrue(resumed.get(1).headSeconds() > resumed.get(0).headSeconds(), resumed.toString());

        Map<String, NpyArray> arrays = new java.util.LinkedHashMap<>(Npz.read(store.file()));
        arrays.remove("meta.head_seconds"); // as written before the head time was recorded
        Npz.write(store.file(), arrays);
        Checkpoint old = store.load().orElseThrow();
        assertTrue(Double.isNaN(old.metrics().get(0).headSeconds()));
        List<EpochMetrics> extended = fit("cf-prox", store, 3);
        assertTrue(Double.isNaN(extended.get(2).headSeconds()), "unknown earlier time: the total stays unknown");
    }
}
