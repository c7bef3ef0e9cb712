package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare}, {@code landscape} and {@code bench} write what they promise. */
class CompareLandscapeBenchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.exitCode(), r.transcript());
        return r;
    }

    private static void assertPng(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), "missing " + file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "not a decodable image: " + file);
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100, file + " is " + image.getWidth() + "x" + image.getHeight());
    }

    @Test
    void compareWritesSummaryReportsPlotsAndRuns() throws IOException {
        Path out = tmp.resolve("cmp");
        Cli.Result r = ok("compare", "--methods", "sgd,cf-prox", "--seeds", "2", "--epochs", "2", "--train-rows", "256",
                "--test-rows", "128", "--hidden", "16", "--out", out.toString());

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        JsonNode runs = summary.get("runs");
        assertEquals(4, runs.size(), summary.toPrettyString());
        Set<String> methodSeed = new HashSet<>();
        for (JsonNode run : runs) {
            for (String key : List.of("method", "seed", "final_test_metric", "final_train_loss", "wall_seconds", "steps")) {
                assertTrue(run.hasNonNull(key), key + " in " + run);
            }
            assertTrue(Double.isFinite(run.get("final_test_metric").asDouble()), run.toString());
            assertEquals(16, run.get("steps").asLong(), "2 epochs x 256/32 steps: " + run);
            methodSeed.add(run.get("method").asText() + "/" + run.get("seed").asLong());
            // the per-run directory agrees with the summary
            String label = run.get("method").asText() + "-seed" + run.get("seed").asLong();
            Path metrics = out.resolve("runs").resolve(label).resolve("metrics.csv");
            List<String> lines = Files.readAllLines(metrics);
            assertEquals(3, lines.size(), metrics + ": header + 2 epochs");
            double last = Double.parseDouble(lines.get(2).split(",")[3]);
            assertEquals(last, run.get("final_test_metric").asDouble(), 1e-9 * Math.abs(last), label);
            assertTrue(Files.isRegularFile(metrics.resolveSibling("run.json")), label);
        }
        assertEquals(Set.of("sgd/1", "sgd/2", "cf-prox/1", "cf-prox/2"), methodSeed);
        JsonNode methods = summary.get("methods");
        assertEquals(2, methods.size());
        Set<String> names = new HashSet<>();
        methods.forEach(m -> names.add(m.get("method").asText()));
        assertEquals(Set.of("sgd", "cf-prox"), names);
        methods.forEach(m -> assertEquals(2, m.get("n_seeds").asInt(), m.toString()));

        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("sgd") && md.contains("cf-prox"), md);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("cf-prox") && html.contains("<html"), "report.html");
        for (String png : List.of("curves_epoch.png", "curves_wall.png", "train_loss.png")) {
            assertPng(out.resolve(png));
        }
        assertTrue(r.out().contains(out.resolve("report.html").toAbsolutePath().toString()), r.transcript());
        assertTrue(r.out().contains(out.resolve("report.md").toAbsolutePath().toString()), r.transcript());
    }

    @Test
    void oneMethodWithTwoBackboneOptimisersGetsTwoRowsAndTwoRunDirectories() throws IOException {
        Path out = tmp.resolve("variants");
        ok("compare", "--methods", "cf-prox,cf-prox@adam", "--seeds", "1", "--epochs", "1", "--train-rows", "128",
                "--test-rows", "64", "--hidden", "8", "--out", out.toString());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        Set<String> names = new HashSet<>();
        summary.get("methods").forEach(m -> names.add(m.get("method").asText()));
        assertEquals(Set.of("cf-prox", "cf-prox@adam"), names);
        JsonNode plain = JSON.readTree(out.resolve("runs/cf-prox-seed1/run.json").toFile()).get("config");
        JsonNode adam = JSON.readTree(out.resolve("runs/cf-prox-adam-seed1/run.json").toFile()).get("config");
        assertEquals("SGD", plain.get("optimizer").asText());
        assertEquals("ADAM", adam.get("optimizer").asText());
        assertEquals("cf-prox", adam.get("method").asText());
        assertTrue(Files.readString(out.resolve("report.md")).contains("cf-prox@adam"));
    }

    @Test
    void aDivergedRunIsReportedAndTheOthersStillCount() throws IOException {
        Path out = tmp.resolve("diverged");
        Cli.Result r = ok("compare", "--methods", "sgd,cf-prox", "--lr", "sgd=1e12,cf-prox=0.01", "--seeds", "1", "--epochs", "2",
                "--train-rows", "128", "--test-rows", "64", "--hidden", "8", "--out", out.toString());
        assertTrue(r.err().contains("sgd-seed1 stopped"), r.transcript());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(1, summary.get("runs").size(), summary.toPrettyString());
        assertEquals("cf-prox", summary.get("runs").get(0).get("method").asText());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("Diverged") && md.contains("sgd-seed1"), md);
    }

    @Test
    void landscapeWritesADecodablePng() throws IOException {
        Path png = tmp.resolve("l.png");
        Cli.Result r = ok("landscape", "--out", png.toString(), "--grid", "50");
        assertPng(png);
        assertTrue(r.out().contains(png.toAbsolutePath().toString()), r.transcript());
    }

    @Test
    void benchWritesStepTimesWhoseRatiosAndPhasesAgree() throws IOException {
        Path json = tmp.resolve("b.json");
        ok("bench", "--steps", "5", "--rounds", "2", "--leak-steps", "0", "--hidden", "16", "--inputs", "8", "--out", json.toString());
        JsonNode bench = JSON.readTree(json.toFile());
        JsonNode rows = bench.get("step_time");
        assertEquals(2, rows.size(), bench.toPrettyString());
        assertEquals("sgd", rows.get(0).get("method").asText());
        assertEquals("cf-prox", rows.get(1).get("method").asText());
        // one counted round: each ratio is that round's time over the baseline's, so it must equal the ratio of the medians
        assertEquals(1, bench.get("rounds_counted").asInt());
        JsonNode sgd = rows.get(0);
        JsonNode prox = rows.get(1);
        double expected = prox.get("median_cpu_ms_per_step").asDouble() / sgd.get("median_cpu_ms_per_step").asDouble();
        assertEquals(expected, prox.get("cpu_ratio_to_sgd").asDouble(), 1e-9 * expected, bench.toPrettyString());
        // the closed form has a solve and statistics; joint SGD has neither
        assertTrue(prox.get("phase_ms_per_step").get("solve").asDouble() > 0, prox.toString());
        assertTrue(prox.get("phase_ms_per_step").get("statistics").asDouble() > 0, prox.toString());
        assertEquals(0, sgd.get("phase_ms_per_step").get("solve").asDouble(), 0, sgd.toString());
        for (JsonNode row : rows) {
            double ms = row.get("median_ms_per_step").asDouble();
            assertTrue(ms > 0 && Double.isFinite(ms), row.toString());
            assertTrue(row.get("ratio_to_sgd").asDouble() > 0, row.toString());
        }
        assertTrue(bench.has("provenance"));
        assertTrue(!bench.has("memory"), "--leak-steps 0 skips the memory run");
    }
}
