package dev.closedform.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.experiments.task.TaskOptions;
import dev.closedform.experiments.task.Tasks;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished run's folder survives every failure of a later run into it byte for byte, or ends up holding
 * exactly one complete run; a fresh run records its status as it goes.
 */
class RunFolderSafetyTest {

    private static final RegressionTask TASK = Tasks.get("friedman").create(TaskOptions.builder().optTrainRows(96).optTestRows(32).build());
    private static final ModelSpec MODEL = ModelSpec.builder().optHidden("8").build();

    @TempDir
    Path tmp;

    private static TrainingConfig config(String method, int epochs) {
        return TrainingConfig.builder().setMethod(method).optEpochs(epochs).optBatchSize(16).build();
    }

    private static Runner.Builder runner(TrainingConfig c) {
        return Runner.builder().setTask(TASK).setModel(MODEL).setConfig(c);
    }

    /** Every file under {@code dir} with its bytes. */
    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path dir) throws IOException {
        Map<String, byte[]> after = snapshot(dir);
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), after.get(k), k);
        }
    }

    private Path finishedRun() {
        Path out = tmp.resolve("run");
        runner(config("cf-prox", 2)).build().run(out);
        return out;
    }

    @Test
    void everyFailureLeavesTheFinishedRunByteIdentical() throws IOException {
        Path out = finishedRun();
        Map<String, byte[]> before = snapshot(out);
        assertEquals(RunRecord.FINISHED, RunDirectory.readJson(out.resolve(RunDirectory.RUN_JSON)).get("status").asText());

        // another run without --overwrite: refused, naming the option
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> runner(config("sgd", 2)).build().run(out));
        assertTrue(refused.getMessage().contains("--overwrite"), refused.getMessage());
        assertUnchanged(before, out);

        // a method the data cannot train (ce on one output): refused before the folder is touched
        assertThrows(IllegalArgumentException.class, () -> runner(config("ce", 2)).optOverwrite(true).build().run(out));
        assertUnchanged(before, out);

        // a run that diverges, allowed to replace the old one: it is staged, the old run stays as it was
        TrainingConfig diverging = config("sgd", 2).toBuilder().optLearningRate(1e3).build();
        assertThrows(ArithmeticException.class, () -> runner(diverging).optOverwrite(true).build().run(out));
        assertUnchanged(before, out);
        JsonNode staged = RunDirectory.readJson(OutputPlan.staging(out).resolve(RunDirectory.RUN_JSON));
        assertEquals(RunRecord.FAILED, staged.get("status").asText());
        assertTrue(staged.get("error").asText().contains("diverged"), staged.toString());

        // a run killed after its first epoch (here: a listener that throws), allowed to replace: old run intact
        TrainingListener kill = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                throw new IllegalStateException("killed");
            }
        };
        assertThrows(IllegalStateException.class, () -> runner(config("sgd", 3)).optOverwrite(true).optListener(kill).build().run(out));
        assertUnchanged(before, out);

        // --resume with another option: refused naming the field and both values
        IllegalArgumentException changed = assertThrows(IllegalArgumentException.class,
                () -> runner(config("cf-prox", 2).toBuilder().optProx(0.25).build()).optResume(true).build().run(out));
        assertTrue(changed.getMessage().contains("config.prox: 1.0 (saved) vs 0.25 (now)"), changed.getMessage());
        assertUnchanged(before, out);

        // --resume on a damaged checkpoint: refused, nothing written
        Path damaged = tmp.resolve("damaged");
        runner(config("cf-prox", 1)).build().run(damaged);
        Files.write(damaged.resolve(RunDirectory.CHECKPOINT), new byte[] {1, 2, 3});
        Map<String, byte[]> damagedBefore = snapshot(damaged);
        assertThrows(RuntimeException.class, () -> runner(config("cf-prox", 2)).optResume(true).build().run(damaged));
        assertUnchanged(damagedBefore, damaged);

        // finally a successful replacement: exactly one complete run, the new one
        runner(config("sgd", 2)).optOverwrite(true).build().run(out);
        JsonNode now = RunDirectory.readJson(out.resolve(RunDirectory.RUN_JSON));
        assertEquals("sgd", now.get("method").asText());
        assertEquals(RunRecord.FINISHED, now.get("status").asText());
        assertEquals(2, RunDirectory.readMetrics(out.resolve(RunDirectory.METRICS_CSV)).size());
        assertFalse(Files.exists(OutputPlan.staging(out)), "the staging folder became the run");
    }

    @Test
    void aRunRecordsItsStatusAndMetricsAfterEveryEpoch() {
        Path out = tmp.resolve("live");
        List<String> seen = new ArrayList<>();
        TrainingListener watch = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                JsonNode run = RunDirectory.readJson(out.resolve(RunDirectory.RUN_JSON));
                int rows = RunDirectory.readMetrics(out.resolve(RunDirectory.METRICS_CSV)).size();
                seen.add(run.get("status").asText() + ":" + rows);
            }
        };
        runner(config("cf-prox", 3)).optListener(watch).build().run(out);
        assertEquals(List.of("running:1", "running:2", "running:3"), seen);
        assertEquals(RunRecord.FINISHED, RunDirectory.readJson(out.resolve(RunDirectory.RUN_JSON)).get("status").asText());
    }

    @Test
    void resumingAFinishedRunWithMoreEpochsExtendsIt() {
        Path out = finishedRun();
        List<String> notes = new ArrayList<>();
        RunOutcome extended = runner(config("cf-prox", 4)).optResume(true).optNotices(notes::add).build().run(out);
        RunOutcome straight = runner(config("cf-prox", 4)).build().run(tmp.resolve("straight"));
        assertEquals(4, extended.result().epochs().size());
        assertEquals(straight.result().finalTestMetric(), extended.result().finalTestMetric());
        assertEquals(straight.result().finalTrainLoss(), extended.result().finalTrainLoss());
        // the same run again: nothing to do, said so
        RunOutcome again = runner(config("cf-prox", 4)).optResume(true).optNotices(notes::add).build().run(out);
        assertTrue(again.reused());
        assertTrue(notes.stream().anyMatch(n -> n.contains("already finished")), notes.toString());
        // --resume into an empty folder says it starts fresh
        runner(config("cf-prox", 1)).optResume(true).optNotices(notes::add).build().run(tmp.resolve("new"));
        assertTrue(notes.stream().anyMatch(n -> n.contains("starting fresh")), notes.toString());
    }

    @Test
    void filesFollowTheUmaskLikeAnyOtherFile() throws IOException {
        Path out = finishedRun();
        Path probe = Files.createFile(tmp.resolve("probe"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(probe); // what the umask gives a new file
        for (String f : List.of(RunDirectory.RUN_JSON, RunDirectory.METRICS_CSV, RunDirectory.MODEL_NPZ, RunDirectory.CHECKPOINT)) {
            assertEquals(expected, Files.getPosixFilePermissions(out.resolve(f)), f);
        }
    }
}
