package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closedform.testing.TemporaryCache;
import dev.closedform.experiments.reproduce.Experiments;
import dev.closedform.experiments.reproduce.Format;
import dev.closedform.experiments.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code closedform reproduce}: the smoke scale end to end, its report against the run directories it cites, bad values. */
@ExtendWith(TemporaryCache.class)
class ReproduceCommandTest {

    @TempDir
    Path tmp;

    /**
     * Every experiment runs at the smoke scale; the summary has a row per experiment with a verdict; every
     * statistic of reproduce.json is recomputed from the run.json files it cites and appears in report.md; every
     * figure the report shows exists.
     */
    @Test
    void theSmokeScaleRunsEveryExperimentAndItsReportMatchesTheRunsItCites() throws Exception {
        Path out = tmp.resolve("smoke");
        Cli.Result r = Cli.run("reproduce", "--scale", "smoke", "--out", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("estimated time:") && r.out().contains("report: "), r.transcript());
        String md = Files.readString(out.resolve("report.md"));
        String summary = md.substring(md.indexOf("## Summary"), md.indexOf("## Machine and versions"));
        JsonNode json = RunDirectory.readJson(out.resolve("reproduce.json"));
        List<String> names = new ArrayList<>();
        json.path("experiments").forEach(e -> names.add(e.path("name").asText()));
        assertEquals(Experiments.names(), names);
        int rows = 0;
        for (JsonNode e : json.path("experiments")) {
            String verdict = e.path("verdict").asText();
            assertTrue(List.of("holds", "does not hold", "not testable here").contains(verdict), verdict);
            Matcher m = Pattern.compile("\\(" + Pattern.quote(e.path("name").asText()) + "\\) \\|.*\\| " + Pattern.quote(verdict) + " \\|")
                    .matcher(summary);
            assertTrue(m.find(), "no summary row for " + e.path("name").asText() + "\n" + summary);
            for (JsonNode s : e.path("stats")) {
                List<Double> values = new ArrayList<>();
                for (JsonNode dir : s.path("runs")) {
                    JsonNode run = RunDirectory.readJson(out.resolve(dir.asText()).resolve("run.json"));
                    JsonNode v = run.path("result").path(s.path("value_field").asText());
                    values.add("finished".equals(run.path("status").asText()) && v.isNumber() ? v.asDouble() : Double.NaN);
                    assertTrue(md.contains("](" + dir.asText() + ")"), "the report links " + dir.asText());
                }
                // independent of the report's statistics code: plain mean and median of the finished runs' values
                double[] v = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
                assertEquals(v.length, s.path("n").asInt(), s.toString());
                if (v.length > 0) {
                    double mean = java.util.Arrays.stream(v).sum() / v.length;
                    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
                    assertEquals(mean, s.path("mean").asDouble(), 1e-12 * Math.abs(mean), s.toString());
                    assertEquals(median, s.path("median").asDouble(), 1e-12 * Math.abs(median), s.toString());
                    String shown = v.length == 1 ? Format.num(mean) : Format.num(mean) + " ± " + Format.num(s.path("std").asDouble());
                    assertTrue(md.contains("| " + shown + " | " + Format.num(median) + " |"), "report.md shows " + shown + " for " + s);
                }
                rows++;
            }
        }
        assertTrue(rows > 30, "statistics rows: " + rows);
        Matcher img = Pattern.compile("!\\[[^\\]]*\\]\\(([^)]+\\.png)\\)").matcher(md);
        int images = 0;
        while (img.find()) {
            assertTrue(Files.isRegularFile(out.resolve(img.group(1))), "missing figure " + img.group(1));
            images++;
        }
        assertTrue(images >= 10, "figures: " + images);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<h2 id=\"summary\">Summary</h2>") && html.contains("landscape/landscape.png"), "html report");
    }

    @Test
    void badValuesAreOneLineAndExitTwo() throws Exception {
        for (String[] args : List.of(new String[] {"--scale", "huge"}, new String[] {"--seeds", "0"}, new String[] {"--only", "burgerz"},
                new String[] {"--threads", "-1"})) {
            List<String> a = new ArrayList<>(List.of("reproduce", "--dry-run"));
            a.addAll(List.of(args));
            Cli.Result r = Cli.run(a.toArray(String[]::new));
            assertEquals(2, r.exitCode(), r.transcript());
            assertEquals(1, r.err().strip().lines().count(), r.transcript());
            assertTrue(r.err().startsWith("closedform: ") && r.err().contains(args[0]), r.transcript());
        }
        Path full = tmp.resolve("full");
        Files.createDirectories(full.resolve("something"));
        Cli.Result r = Cli.run("reproduce", "--only", "landscape", "--out", full.toString(), "--quiet");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("--resume"), r.transcript());
    }

    /** The paper scale's plan and estimate, without running anything. */
    @Test
    void dryRunPrintsThePlanAndEstimateOnly() {
        Path out = tmp.resolve("paper");
        Cli.Result r = Cli.run("reproduce", "--scale", "paper", "--dry-run", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        for (String name : Experiments.names()) {
            assertTrue(r.out().contains("  " + name + " "), name + "\n" + r.transcript());
        }
        assertTrue(r.out().contains("estimated time: ") && r.out().contains(" h for "), r.transcript());
        assertFalse(Files.exists(out), "a dry run writes nothing");
        Cli.Result help = Cli.run("reproduce", "--help");
        assertTrue(help.exitCode() == 0 && help.out().contains("Examples") && help.out().contains("--resume"), help.transcript());
    }
}
