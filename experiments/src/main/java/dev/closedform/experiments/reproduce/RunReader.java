package dev.closedform.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a run directory back as the report cites it: {@code run.json} for the number and command, {@code metrics.csv} for the curve. */
public final class RunReader {

    private RunReader() {}

    /**
     * The run in {@code dir}, citing {@code result.<valueField>} of its {@code run.json}.
     *
     * @param out the reproduction's folder (the cited path is relative to it)
     */
    public static CitedRun read(Path out, Path dir, String arm, String method, String group, long seed, String valueField) {
        String rel = out.toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize()).toString();
        Path json = dir.resolve(RunDirectory.RUN_JSON);
        if (!Files.isRegularFile(json)) {
            return new CitedRun(rel, arm, method, group, seed, "missing", valueField, Double.NaN, List.of(), List.of(), "");
        }
        JsonNode run = RunDirectory.readJson(json);
        List<String> command = new ArrayList<>();
        run.path("command").forEach(c -> command.add(c.asText()));
        String status = run.path("status").asText("missing");
        JsonNode value = run.path("result").path(valueField);
        Path metrics = dir.resolve(RunDirectory.METRICS_CSV);
        List<EpochMetrics> curve = "finished".equals(status) && Files.isRegularFile(metrics) ? RunDirectory.readMetrics(metrics) : List.of();
        double v = "finished".equals(status) && value.isNumber() ? value.asDouble() : Double.NaN;
        return new CitedRun(rel, arm, method, group, seed, status, valueField, v, curve, command, run.path("error").asText(""));
    }

    /**
     * A run read off another run before its refit (DFIV's {@code dfiv-batch} from {@code dfiv-batch-refit}):
     * the number is the refit run's {@code test_metric_before_refit}, and the curve ends there, at the
     * time before the refit.
     */
    public static CitedRun readBeforeRefit(Path out, Path refitDir, String arm, String method, String group, long seed) {
        CitedRun r = read(out, refitDir, arm, method, group, seed, "test_metric_before_refit");
        if (!r.finished()) {
            return r;
        }
        JsonNode result = RunDirectory.readJson(refitDir.resolve(RunDirectory.RUN_JSON)).path("result");
        List<EpochMetrics> curve = new ArrayList<>(r.curve());
        EpochMetrics last = curve.remove(curve.size() - 1);
        curve.add(last.withTestMetric(r.value(), result.path("wall_seconds_before_refit").asDouble(last.wallSeconds())));
        return new CitedRun(r.dir(), arm, method, group, seed, r.status(), r.valueField(), r.value(), curve, r.command(), r.error());
    }
}
