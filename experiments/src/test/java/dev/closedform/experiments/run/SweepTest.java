package dev.closedform.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.experiments.task.TaskDefinition;
import dev.closedform.experiments.task.TaskOptions;
import dev.closedform.experiments.task.Tasks;
import dev.closedform.train.InitialHead;
import dev.closedform.train.Method;
import dev.closedform.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep from Java writes what compare writes; re-running it reuses, extends or refuses runs by their configuration. */
class SweepTest {

    @TempDir
    Path tmp;

    /** The library way to run a comparison: the same files as {@code closedform compare}. */
    private static Sweep sweep(int epochs, double sgdRate, boolean overwrite) {
        TaskDefinition friedman = Tasks.get("friedman");
        return Sweep.builder()
                .setTask(friedman.create(TaskOptions.builder().optTrainRows(128).optTestRows(64).build()))
                .setModel(ModelSpec.builder().optHidden("8").build())
                .setTemplate(TrainingConfig.builder(friedman.training()).optEpochs(epochs))
                .setMethods(List.of(MethodSpec.of(Method.SGD).withLearningRate(sgdRate), MethodSpec.parse("cf-prox")))
                .optAxis(SweepAxis.prox(List.of(0.1, 1.0)))
                .optSeeds(2)
                .optOverwrite(overwrite)
                .build();
    }

    /** A method's own schedule reaches its runs and the summary; the others keep the template's. */
    @Test
    void perMethodSchedulesAreRecorded() throws IOException {
        TaskDefinition friedman = Tasks.get("friedman");
        Path out = tmp.resolve("schedules");
        Sweep.builder()
                .setTask(friedman.create(TaskOptions.builder().optTrainRows(64).optTestRows(32).build()))
                .setModel(ModelSpec.builder().optHidden("4").build())
                .setTemplate(TrainingConfig.builder(friedman.training()).optEpochs(1))
                .setMethods(List.of(MethodSpec.parse("adam").withSchedule(dev.closedform.train.LearningRateSchedule.parse("cosine")),
                        MethodSpec.parse("cf-prox")))
                .optSeeds(1)
                .build().run(out);
        JsonNode methods = RunDirectory.readJson(out.resolve("summary.json")).get("configuration").get("methods");
        assertEquals("cosine", methods.get("adam").get("lr_schedule").asText());
        assertEquals("constant", methods.get("cf-prox").get("lr_schedule").asText());
    }

    @Test
    void aSweepWritesTheRunsAndTheReportAndReusesThemByConfiguration() throws IOException {
        Path out = tmp.resolve("sweep");
        Sweep.Result first = sweep(2, 0.01, false).run(out);
        assertEquals(6, first.runs().size()); // cf-prox: 2 lambdas x 2 seeds; sgd, which does not read lambda: 2 seeds
        for (String f : List.of("summary.json", "report.md", "report.html", "curves_epoch.png")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        assertTrue(Files.exists(out.resolve("runs/cf-prox-prox0.1-seed2/run.json")));
        JsonNode summary = RunDirectory.readJson(out.resolve("summary.json"));
        assertEquals("[0.1,1.0]", summary.get("configuration").get("prox_lambda").toString());
        assertEquals(0.01, summary.get("configuration").get("methods").get("sgd").get("learning_rate").asDouble());

        // the same sweep again: every run reused, not retrained
        byte[] metrics = Files.readAllBytes(out.resolve("runs/sgd-seed1/metrics.csv"));
        Sweep.Result again = sweep(2, 0.01, false).run(out);
        assertEquals(6, again.reused().size());
        assertArrayEquals(metrics, Files.readAllBytes(out.resolve("runs/sgd-seed1/metrics.csv")));

        // a changed learning rate: refused before anything trains, naming the field
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sweep(2, 0.02, false).run(out));
        assertTrue(e.getMessage().contains("config.learningRate: 0.01 (saved) vs 0.02 (now)") && e.getMessage().contains("--overwrite"),
                e.getMessage());
        assertArrayEquals(metrics, Files.readAllBytes(out.resolve("runs/sgd-seed1/metrics.csv")));

        // more epochs: every run is extended from its checkpoint
        Sweep.Result longer = sweep(3, 0.01, false).run(out);
        assertEquals(0, longer.reused().size());
        assertEquals(3, RunDirectory.readMetrics(out.resolve("runs/sgd-seed1/metrics.csv")).size());

        // with --overwrite the changed runs are retrained
        sweep(3, 0.02, true).run(out);
        assertEquals(0.02, RunDirectory.readJson(out.resolve("runs/sgd-seed1/run.json")).get("config").get("learningRate").asDouble());
    }

    /** sgd in a lambda sweep: one run per seed, with the shared settings' lambda, its label and cell naming no lambda. */
    @Test
    void aMethodIsNotSweptOverASettingItDoesNotRead() {
        Sweep s = sweep(1, 0.01, false);
        assertEquals(List.of("sgd-seed1", "sgd-seed2", "cf-prox-prox0.1-seed1", "cf-prox-prox0.1-seed2",
                "cf-prox-prox1-seed1", "cf-prox-prox1-seed2"), s.planned().stream().map(Sweep.Planned::label).toList());
        Sweep.Planned sgd = s.planned().get(0);
        assertNull(sgd.group());
        assertEquals(TrainingConfig.builder(Tasks.get("friedman").training()).setMethod("sgd").build().prox(), sgd.config().prox());
        assertEquals("lambda=0.1", s.planned().get(2).group());
        assertEquals(0.1, s.planned().get(2).config().prox());
    }

    /** The initial head is an axis of cf-prox alone: its runs are labelled by it, sgd's are not, and the choice reaches the runs. */
    @Test
    void theInitialHeadIsSweptForCfProxAlone() {
        TaskDefinition friedman = Tasks.get("friedman");
        Sweep s = Sweep.builder()
                .setTask(friedman.create(TaskOptions.builder().optTrainRows(128).optTestRows(64).build()))
                .setModel(ModelSpec.builder().optHidden("8").build())
                .setTemplate(TrainingConfig.builder(friedman.training()).optEpochs(1))
                .setMethods(List.of(MethodSpec.of(Method.SGD), MethodSpec.parse("cf-prox")))
                .optAxis(SweepAxis.initialHead(List.of(InitialHead.RIDGE, InitialHead.PROXIMAL)))
                .optSeeds(1)
                .build();
        assertEquals(List.of("sgd-seed1", "cf-prox-w0-ridge-seed1", "cf-prox-w0-proximal-seed1"),
                s.planned().stream().map(Sweep.Planned::label).toList());
        assertEquals("initial-head=proximal", s.planned().get(2).group());
        assertEquals(InitialHead.PROXIMAL, s.planned().get(2).config().initialHead());
        assertEquals(InitialHead.RIDGE, s.planned().get(1).config().initialHead());
    }

    /** An operator task brings its own backbone: the summary names the FNO, not the unused MLP options. */
    @Test
    void theSummaryDescribesTheBackboneAnOperatorTaskImplies() throws IOException {
        TaskDefinition heat = Tasks.get("heat1d");
        Sweep sweep = Sweep.builder()
                .setTask(heat.create(TaskOptions.builder().optNTrain(8).optNTest(4).optResolution(16)
                        .optFnoWidth(4).optFnoModes(2).optFnoLayers(1).build()))
                .setModel(ModelSpec.defaults())
                .setTemplate(TrainingConfig.builder(heat.training()).optEpochs(1).optBatchSize(4))
                .setMethods(List.of(MethodSpec.parse("cf-prox")))
                .build();
        Path out = tmp.resolve("operator");
        sweep.run(out);
        JsonNode model = RunDirectory.readJson(out.resolve("summary.json")).get("configuration").get("model");
        assertTrue(model.path("backbone").asText().startsWith("fno-1d"), model.toString());
        assertTrue(model.path("hidden").isMissingNode(), model.toString());
    }
}
