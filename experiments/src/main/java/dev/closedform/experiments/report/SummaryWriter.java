package dev.closedform.experiments.report;

import dev.closedform.data.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes {@code summary.json}: every run's final numbers and the per-method statistics. */
public final class SummaryWriter {

    public static final String FILE_NAME = "summary.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING);

    private SummaryWriter() {}

    /** Writes {@code dir/summary.json} atomically and returns its path. */
    public static Path write(Path dir, ReportSpec spec, List<RunResult> runs) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        byte[] json = MAPPER.writeValueAsBytes(toJson(spec, runs));
        AtomicFiles.write(file, out -> out.write(json));
        return file;
    }

    /** The summary as a Jackson tree (also handy for callers that embed it elsewhere). */
    public static ObjectNode toJson(ReportSpec spec, List<RunResult> runs) {
        String metric = commonMetric(runs);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("task", spec.task());
        root.put("metric", metric);
        root.put("higher_is_better", spec.higherIsBetter());
        if (!spec.configuration().isEmpty()) {
            root.set("configuration", MAPPER.valueToTree(spec.configuration()));
        }
        ArrayNode runArr = root.putArray("runs");
        for (RunResult r : runs) {
            ObjectNode o = runArr.addObject();
            o.put("method", r.method());
            if (r.group() != null) {
                o.put("group", r.group());
            }
            o.put("seed", r.seed());
            o.put("metric_name", r.metricName());
            o.put("final_test_metric", r.finalTestMetric());
            r.last().extraTestMetrics().forEach((name, v) -> o.put("final_" + name, v));
            o.put("final_train_loss", r.finalTrainLoss());
            o.put("wall_seconds", r.wallSeconds());
            o.put("steps", r.steps());
        }
        ArrayNode methods = root.putArray("methods");
        for (MethodStats m : MethodStats.of(runs, spec.higherIsBetter())) {
            ObjectNode o = methods.addObject();
            o.put("method", m.method());
            if (m.group() != null) {
                o.put("group", m.group());
            }
            o.put("mean", m.mean());
            o.put("std", m.std());
            o.put("min", m.min());
            o.put("max", m.max());
            o.put("n_seeds", m.nSeeds());
            o.put("best_seed", m.bestSeed());
            o.put("mean_final_train_loss", m.meanTrainLoss());
            o.put("mean_wall_seconds", m.meanWallSeconds());
            o.put("mean_steps", m.meanSteps());
            o.put("ms_per_step", m.msPerStep());
            o.put("seconds_per_epoch", m.secondsPerEpoch());
            m.extras().forEach((name, spread) -> {
                o.put("mean_" + name, spread.mean());
                o.put("std_" + name, spread.std());
            });
        }
        return root;
    }

    /** All runs of one comparison must report the same metric; mixing them would make the table lie. */
    static String commonMetric(List<RunResult> runs) {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("runs must not be empty");
        }
        String metric = runs.get(0).metricName();
        for (RunResult r : runs) {
            if (!r.metricName().equals(metric)) {
                throw new IllegalArgumentException("all runs must share one metricName, got '" + metric + "' and '"
                        + r.metricName() + "' (method " + r.method() + ", seed " + r.seed() + ")");
            }
        }
        return metric;
    }
}
