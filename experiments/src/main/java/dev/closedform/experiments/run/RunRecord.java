package dev.closedform.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.experiments.model.ModelFactory;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of {@code run.json}: what the run is (task, method, seed, configuration, model, data),
 * where it came from (command line, provenance), its status and, when finished, its result.
 * {@link #IDENTITY} names the parts that decide whether two records describe the same run.
 */
public final class RunRecord {

    /** The fields that must agree for a finished run to be reused or a checkpoint to be resumed. */
    static final List<String> IDENTITY = List.of("task", "method", "seed", "config", "model", "data");

    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";

    private RunRecord() {}

    /** A new record with status {@code running}. */
    public static ObjectNode create(String taskName, String methodLabel, PreparedData data, TrainingConfig config,
            ModelFactory modelFactory, LastLayerModel model, Path dataFile, List<String> commandLine) {
        ObjectNode run = RunDirectory.JSON.createObjectNode();
        run.put("tool", "closedform");
        ArrayNode args = run.putArray("command");
        commandLine.forEach(args::add);
        run.put("task", taskName);
        run.put("method", methodLabel);
        run.put("seed", config.seed());
        ObjectNode c = RunDirectory.JSON.valueToTree(config);
        c.remove(config.asBeforeItExisted()); // records written before these fields existed still describe the same run
        run.set("config", c);
        putModelAndData(run, model, data.model() == null ? modelFactory.describe() : Map.of(), data);
        ObjectNode d = (ObjectNode) run.get("data");
        if (dataFile != null) {
            d.put("file", dataFile.toAbsolutePath().toString());
        }
        run.set("provenance", Provenance.toJson());
        run.put("status", RUNNING);
        return run;
    }

    /**
     * The {@code model} and {@code data} parts of a record: the backbone and head as built, the model
     * options that shaped them ({@code modelOptions}; empty for a task-implied model such as the FNO,
     * which its backbone's description names), and the data's sizes.
     */
    public static void putModelAndData(ObjectNode run, LastLayerModel model, Map<String, Object> modelOptions,
                                       PreparedData data) {
        ObjectNode m = run.putObject("model");
        m.put("backbone", model.backbone().description());
        modelOptions.forEach((k, v) -> m.set(k, RunDirectory.JSON.valueToTree(v)));
        m.put("bias", model.hasBias());
        m.put("head_features", model.headFeatureDim());
        m.put("outputs", model.outputDim());
        m.put("parameters", model.parameterCount());
        ObjectNode d = run.putObject("data");
        d.put("description", data.description());
        d.put("train_rows", data.train().rows());
        d.put("test_rows", data.test().rows());
        d.put("inputs", data.train().inputDim());
        d.put("standardized", data.standardizer() != null);
    }

    /** Marks the record finished with the result of the training loop. */
    public static void finish(ObjectNode run, TrainingResult result) {
        run.put("status", FINISHED);
        run.remove("error");
        ObjectNode r = run.putObject("result");
        r.put("metric_name", result.metricName());
        r.put("final_test_metric", result.finalTestMetric());
        result.last().extraTestMetrics().forEach((name, v) -> r.put("final_" + name, v));
        r.put("final_train_loss", result.finalTrainLoss());
        r.put("wall_seconds", result.last().wallSeconds());
        r.put("steps", result.last().steps());
        r.put("epochs", result.epochs().size());
    }

    /** Marks the record failed with a one-line message. */
    public static void fail(ObjectNode run, String message) {
        run.put("status", FAILED);
        run.put("error", message == null ? "unknown error" : message);
    }

    public static String status(JsonNode run) {
        return run.path("status").asText(run.has("result") ? FINISHED : RUNNING);
    }

    /**
     * The identity fields in which {@code saved} differs from {@code now}, as {@code path: saved vs now};
     * {@code ignoreEpochs} leaves {@code config.epochs} out (a resumed run may extend the run).
     */
    public static List<String> differences(JsonNode saved, JsonNode now, boolean ignoreEpochs) {
        Map<String, String> a = new TreeMap<>();
        Map<String, String> b = new TreeMap<>();
        for (String key : IDENTITY) {
            flatten(key, saved.path(key), a);
            flatten(key, now.path(key), b);
        }
        if (ignoreEpochs) {
            a.remove("config.epochs");
            b.remove("config.epochs");
        }
        List<String> out = new ArrayList<>();
        TreeMap<String, String> keys = new TreeMap<>(a);
        b.forEach(keys::putIfAbsent);
        for (String k : keys.keySet()) {
            String x = a.getOrDefault(k, "(absent)");
            String y = b.getOrDefault(k, "(absent)");
            if (!x.equals(y)) {
                out.add(k + ": " + x + " (saved) vs " + y + " (now)");
            }
        }
        return out;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(path + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(path, node.isTextual() ? node.asText() : node.toString());
        }
    }
}
