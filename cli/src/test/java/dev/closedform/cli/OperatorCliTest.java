package dev.closedform.cli;

import dev.closedform.testing.TemporaryCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closedform.experiments.operator.HeatSemigroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Operator tasks through the CLI: FNO implied by the task, batch-size sweeps, .npz input. */
class OperatorCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void compareSweepsBatchSizesOnAnOperatorTask() throws IOException {
        Path out = tmp.resolve("cmp");
        Cli.Result r = Cli.run("compare", "--task", "heat1d", "--methods", "sgd,cf-prox", "--seeds", "1", "--epochs", "1",
                "--batch-size", "4,8", "--n-train", "16", "--n-test", "4", "--resolution", "32", "--width", "8", "--modes", "4",
                "--fno-layers", "1", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        JsonNode runs = summary.get("runs");
        assertEquals(4, runs.size(), summary.toPrettyString());
        Set<String> seen = new HashSet<>();
        for (JsonNode run : runs) {
            assertEquals("test_rel_l2", run.get("metric_name").asText(), run.toString());
            assertTrue(Double.isFinite(run.get("final_test_metric").asDouble()), run.toString());
            seen.add(run.get("method").asText() + "/" + run.get("steps").asLong());
        }
        // 16 samples: 4 steps at batch 4, 2 at batch 8
        assertEquals(Set.of("sgd/4", "sgd/2", "cf-prox/4", "cf-prox/2"), seen);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("batch=4") && md.contains("batch=8"), md);
        assertTrue(md.contains("ms / step"), md);
        assertTrue(md.contains("Best at batch=4: ") && md.contains("Best at batch=8: "), md);
        assertTrue(md.contains("Model: fno-1d"), md);
        JsonNode run = JSON.readTree(Files.list(out.resolve("runs")).filter(p -> p.getFileName().toString().startsWith("cf-prox-b4"))
                .findFirst().orElseThrow().resolve("run.json").toFile());
        assertTrue(run.get("model").get("backbone").asText().startsWith("fno-1d grid 32"), run.toString());
        // lift 2*8+8, spectral 4*8*8*2, bypass 8*8+8, projection 8*128+128, head 129
        assertEquals((2 * 8 + 8) + (4 * 8 * 8 * 2) + (8 * 8 + 8) + (8 * 128 + 128) + 129, run.get("model").get("parameters").asLong());
        assertTrue(run.get("data").get("description").asText().contains("(sample, grid point)"), run.toString());
    }

    @Test
    void trainReadsAnNpzForDarcy() throws IOException {
        Path file = tmp.resolve("d.npz");
        new HeatSemigroup(2, 8, 2, 0.01).generate(6, 1).writeNpz(file);
        Path out = tmp.resolve("train");
        Cli.Result r = Cli.run("train", "--task", "darcy", "--data", file.toString(), "--method", "cf-prox", "--epochs", "1",
                "--batch-size", "2", "--n-train", "4", "--n-test", "2", "--width", "4", "--modes", "2", "--fno-layers", "1",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("test_rel_l2", run.get("result").get("metric_name").asText());
        assertTrue(run.get("model").get("backbone").asText().startsWith("fno-2d grid 8x8"), run.toString());

    }

    @Test
    void trainReadsAMatlabV73FileForBurgersWithSub() throws IOException {
        // MATLAB's save -v7.3 of a 6 x 16 array: an HDF5 dataset of dimensions [16, 6], column-major
        Path file = tmp.resolve("burgers_data_small.mat");
        DataCommandTest.writeMatlabV73(file, 6, 16, (name, i, j) -> Math.sin(0.3 * j + i) * (name.equals("a") ? 1 : 0.5) + 0.01 * i);
        Path out = tmp.resolve("trainmat");
        Cli.Result r = Cli.run("train", "--task", "burgers", "--data", file.toString(), "--sub", "2", "--method", "cf-prox",
                "--epochs", "1", "--batch-size", "2", "--n-train", "4", "--n-test", "2", "--width", "4", "--modes", "2",
                "--fno-layers", "1", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertTrue(run.get("model").get("backbone").asText().startsWith("fno-1d grid 8"), run.toString());
        assertTrue(run.get("data").get("description").asText().contains("burgers_data_small.mat"), run.toString());
        assertTrue(Double.isFinite(run.get("result").get("final_test_metric").asDouble()), run.toString());
    }

    @Test
    @ExtendWith(TemporaryCache.class)
    void burgersWithoutDataUsesTheJavaGeneratorAndItsCache() throws IOException {
        String[] args = {"train", "--task", "burgers", "--resolution", "64", "--n-train", "4", "--n-test", "2",
            "--method", "cf-prox", "--epochs", "1", "--batch-size", "2", "--width", "4", "--modes", "2", "--fno-layers", "1",
            "--out", tmp.resolve("b").toString()};
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("generating 6 samples") && r.err().contains("burgers data"), "generation progress: " + r.transcript());
        try (var files = Files.list(TemporaryCache.folder())) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".npz")), "the generated data set is cached");
        }
        JsonNode run = JSON.readTree(tmp.resolve("b").resolve("run.json").toFile());
        assertTrue(run.get("data").get("description").asText().toLowerCase().contains("burgers"), run.toString());
        assertTrue(run.get("result").get("final_test_metric").asDouble() > 0, run.toString());
        args[args.length - 1] = tmp.resolve("b2").toString();
        Cli.Result hit = Cli.run(args);
        assertEquals(0, hit.exitCode(), hit.transcript());
        assertTrue(!hit.err().contains("generating") && !hit.err().contains("burgers data"), "cache hit, no generation bar: " + hit.transcript());
    }
}
