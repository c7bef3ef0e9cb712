package dev.closedform.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.experiments.task.TaskOptions;
import dev.closedform.experiments.task.Tasks;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.InitialHead;
import dev.closedform.train.Loss;
import dev.closedform.train.Method;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reproduction needs from the run layer: per-method losses, the head's time in metrics.csv, resuming a run killed in its first epoch. */
class RunLayerAdditionsTest {

    private static Runner.Builder friedman(TrainingConfig config) {
        return Runner.builder().setTask(Tasks.get("friedman").create(TaskOptions.builder().optTrainRows(256).optTestRows(64).build()))
                .setModel(ModelSpec.builder().optHidden("16").build()).setConfig(config).optSaveModel(false);
    }

    /** A method's own loss reaches its configuration; the default loss is not written, so older records still match. */
    @Test
    void aMethodSpecCarriesItsLossIntoTheRunRecord(@TempDir Path dir) {
        MethodSpec adam = MethodSpec.parse("adam").withLoss(Loss.RELATIVE_L2);
        assertEquals(Loss.RELATIVE_L2, adam.applyTo(TrainingConfig.builder()).build().loss());
        assertEquals(Loss.SQUARED, MethodSpec.of(Method.ADAM).applyTo(TrainingConfig.builder()).build().loss());
        TrainingConfig rel = adam.applyTo(TrainingConfig.builder().optEpochs(1)).build();
        friedman(rel).build().run(dir.resolve("rel"));
        friedman(rel.toBuilder().optLoss(Loss.SQUARED).build()).build().run(dir.resolve("sq"));
        assertEquals("relative-l2", RunDirectory.readJson(dir.resolve("rel/run.json")).path("config").path("loss").asText());
        assertFalse(RunDirectory.readJson(dir.resolve("sq/run.json")).path("config").has("loss"));
    }

    /** The initial head is recorded where it is not the ridge solve every earlier record began from. */
    @Test
    void theProximalInitialHeadIsRecordedAndTheRidgeOneLeftOut(@TempDir Path dir) {
        TrainingConfig ridge = TrainingConfig.builder().setMethod("cf-prox").optEpochs(1).build();
        friedman(ridge).build().run(dir.resolve("ridge"));
        friedman(ridge.toBuilder().optInitialHead(InitialHead.PROXIMAL).build()).build().run(dir.resolve("proximal"));
        JsonNode fromZero = RunDirectory.readJson(dir.resolve("proximal/run.json"));
        assertEquals("proximal", fromZero.path("config").path("initialHead").asText());
        JsonNode asBefore = RunDirectory.readJson(dir.resolve("ridge/run.json"));
        assertFalse(asBefore.path("config").has("initialHead"));
        assertEquals(List.of("config.initialHead: (absent) (saved) vs proximal (now)"), RunRecord.differences(asBefore, fromZero, false));
    }

    /** metrics.csv carries the head's cumulative time as its last column and reads it back; files without it give NaN. */
    @Test
    void metricsKeepTheHeadTime(@TempDir Path dir) throws Exception {
        RunDirectory d = RunDirectory.open(dir);
        List<EpochMetrics> epochs = List.of(new EpochMetrics(1, 4, 0.5, 0.25, 1.5, Map.of("test_sq_loss", 0.1), 0.375),
                new EpochMetrics(2, 8, 0.4, 0.20, 3.0, Map.of("test_sq_loss", 0.09), 0.75));
        d.writeMetrics("test_accuracy", epochs);
        String csv = Files.readString(dir.resolve(RunDirectory.METRICS_CSV));
        assertTrue(csv.startsWith("epoch,steps,train_loss,test_accuracy,wall_seconds,test_sq_loss,head_seconds\n"), csv);
        assertEquals(epochs, RunDirectory.readMetrics(dir.resolve(RunDirectory.METRICS_CSV)));
        Files.writeString(dir.resolve("old.csv"), "epoch,steps,train_loss,test_mse,wall_seconds\n1,4,0.5,0.25,1.5\n");
        assertTrue(Double.isNaN(RunDirectory.readMetrics(dir.resolve("old.csv")).get(0).headSeconds()));
    }

    /**
     * Killed before its first epoch ended, a run has a record but no checkpoint: resuming starts it afresh (there is
     * nothing to continue or lose) and gives the run an uninterrupted one gives.
     */
    @Test
    void aRunKilledInItsFirstEpochStartsAfreshOnResume(@TempDir Path dir) {
        TrainingConfig c = TrainingConfig.builder().setMethod("cf-prox").optEpochs(2).optBatchSize(32).build();
        TrainingListener kill = new TrainingListener() {
            @Override
            public void onStep(int epoch, int stepInEpoch) {
                if (stepInEpoch == 3) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> friedman(c).optListener(kill).build().run(dir.resolve("a")));
        assertFalse(Files.exists(dir.resolve("a").resolve(RunDirectory.CHECKPOINT)));
        RunOutcome resumed = friedman(c).optResume(true).build().run(dir.resolve("a"));
        RunOutcome whole = friedman(c).build().run(dir.resolve("b"));
        JsonNode a = RunDirectory.readJson(dir.resolve("a/run.json"));
        assertEquals(RunRecord.FINISHED, a.path("status").asText());
        assertEquals(whole.result().finalTestMetric(), resumed.result().finalTestMetric());
    }
}
