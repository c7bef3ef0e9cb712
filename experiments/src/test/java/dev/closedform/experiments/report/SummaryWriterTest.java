package dev.closedform.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closedform.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryWriterTest {

    private static final ReportSpec SPEC = ReportSpec.builder().setTitle("t").setTask("burgers").build();

    @Test
    void meanAndStdMatchHandComputedValues() {
        List<MethodStats> stats = MethodStats.of(Runs.comparison(), false);
        assertEquals(List.of("cf-prox", "adam", "sgd"), stats.stream().map(MethodStats::method).toList());

        MethodStats cf = stats.get(0);
        // (0.1 + 0.2) / 2; sqrt(((0.05)^2 + (0.05)^2) / (2 - 1)) = 0.05 * sqrt(2)
        assertEquals(0.15, cf.mean(), 1e-15);
        assertEquals(0.07071067811865475, cf.std(), 1e-15);
        assertEquals(0.1, cf.min());
        assertEquals(0.2, cf.max());
        assertEquals(1, cf.bestSeed());
        assertEquals(2, cf.nSeeds());
        assertEquals(0.1, cf.meanTrainLoss(), 1e-15);

        MethodStats sgd = stats.get(2);
        // deviations -0.2, 0, 0.2 -> sum of squares 0.08 over n - 1 = 2 -> variance 0.04
        assertEquals(0.7, sgd.mean(), 1e-15);
        assertEquals(0.2, sgd.std(), 1e-15);
        assertEquals(3, sgd.nSeeds());
        // 5 epochs x 0.5 s = 2.5 s, 50 steps -> 50 ms per step
        assertEquals(2.5, sgd.meanWallSeconds(), 1e-15);
        assertEquals(50.0, sgd.meanSteps());
        assertEquals(50.0, sgd.msPerStep(), 1e-12);

        MethodStats adam = stats.get(1);
        assertEquals(0.0, adam.std(), "a single seed has no spread");
    }

    @Test
    void higherIsBetterReversesOrderAndBestSeed() {
        List<MethodStats> stats = MethodStats.of(Runs.comparison(), true);
        assertEquals(List.of("sgd", "adam", "cf-prox"), stats.stream().map(MethodStats::method).toList());
        assertEquals(3, stats.get(0).bestSeed());
    }

    @Test
    void nanMeanSortsLastAndGroupsAreSeparate() {
        List<RunResult> runs = List.of(
                Runs.run("sgd", 1, Double.NaN, 1.0),
                Runs.run("sgd", 1, 0.4, 0.3, 5, "batch=20"),
                Runs.run("sgd", 1, 0.2, 0.3, 5, "batch=50"));
        List<MethodStats> stats = MethodStats.of(runs, false);
        assertEquals(List.of("sgd [batch=50]", "sgd [batch=20]", "sgd"), stats.stream().map(MethodStats::label).toList());
        assertTrue(Double.isNaN(stats.get(2).mean()));
    }

    @Test
    void jsonParsesBackWithTheRightFieldsAndValues(@TempDir Path dir) throws Exception {
        Path file = SummaryWriter.write(dir, SPEC, Runs.comparison());
        assertEquals(dir.resolve("summary.json"), file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("burgers", root.get("task").asText());
        assertEquals("test_mse", root.get("metric").asText());

        JsonNode runs = root.get("runs");
        assertEquals(6, runs.size());
        JsonNode r0 = runs.get(0);
        assertEquals("sgd", r0.get("method").asText());
        assertEquals(1, r0.get("seed").asLong());
        assertEquals("test_mse", r0.get("metric_name").asText());
        assertEquals(0.5, r0.get("final_test_metric").asDouble(), 1e-15);
        assertEquals(0.4, r0.get("final_train_loss").asDouble(), 1e-15);
        assertEquals(2.5, r0.get("wall_seconds").asDouble(), 1e-15);
        assertEquals(50, r0.get("steps").asLong());
        assertTrue(!r0.has("group"), "no group key for runs outside a sweep");

        JsonNode methods = root.get("methods");
        assertEquals(3, methods.size());
        JsonNode best = methods.get(0);
        assertEquals("cf-prox", best.get("method").asText());
        assertEquals(0.15, best.get("mean").asDouble(), 1e-15);
        assertEquals(0.07071067811865475, best.get("std").asDouble(), 1e-15);
        assertEquals(0.1, best.get("min").asDouble(), 1e-15);
        assertEquals(0.2, best.get("max").asDouble(), 1e-15);
        assertEquals(2, best.get("n_seeds").asInt());
        assertEquals(2.5, best.get("mean_wall_seconds").asDouble(), 1e-15);
        assertEquals("sgd", methods.get(2).get("method").asText());
    }

    @Test
    void writeIsAtomicAndLeavesNoTempFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("summary.json"), "old");
        SummaryWriter.write(dir, SPEC, Runs.comparison());
        SummaryWriter.write(dir, SPEC, Runs.comparison().subList(0, 3));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("summary.json")), files.toList());
        }
        assertEquals(3, new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("runs").size());
    }

    @Test
    void mixedMetricsAreRejected() {
        RunResult other = new RunResult("sgd", 9, "test_acc", List.of(new EpochMetrics(1, 1, 1, 1, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SummaryWriter.toJson(SPEC, List.of(Runs.run("sgd", 1, 0.5, 0.4), other)));
        assertTrue(e.getMessage().contains("test_acc"), e.getMessage());
    }

    @Test
    void runResultConvenienceAccessorsReadTheLastEpoch() {
        RunResult r = Runs.run("sgd", 4, 0.25, 0.125, 3, "batch=20");
        assertEquals(0.25, r.finalTestMetric(), 1e-15);
        assertEquals(0.125, r.finalTrainLoss(), 1e-15);
        assertEquals(1.5, r.wallSeconds(), 1e-15);
        assertEquals(30, r.steps());
        assertEquals("sgd [batch=20]", r.label());
        assertThrows(IllegalArgumentException.class, () -> new RunResult("sgd", 1, "test_mse", List.of()));
    }
}
