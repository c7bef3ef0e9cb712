package dev.closedform.experiments.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.data.AtomicFiles;
import dev.closedform.data.NpyArray;
import dev.closedform.data.Npz;
import dev.closedform.data.Standardizer;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run-directory contract: {@code run.json} (configuration, provenance, result),
 * {@code metrics.csv} (one row per epoch), {@code model.npz} (every parameter; {@code head.W} is
 * outputs x features with the bias column last). Every file is replaced atomically.
 */
public final class RunDirectory {

    public static final String RUN_JSON = "run.json";
    public static final String METRICS_CSV = "metrics.csv";
    public static final String MODEL_NPZ = "model.npz";
    public static final String CHECKPOINT = "checkpoint.npz";
    /** The {@code metrics.csv} column of {@link EpochMetrics#headSeconds()}: cumulative seconds of the head updates. */
    public static final String HEAD_SECONDS = "head_seconds";

    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING) // Method labels, e.g. "cf-prox"
            .addMixIn(dev.closedform.train.LearningRateSchedule.class, ByLabel.class);

    /** Schedules are written by their label ({@code cosine}, {@code step:100:0.5}). */
    private abstract static class ByLabel {
        @com.fasterxml.jackson.annotation.JsonValue
        abstract String label();
    }

    private final Path dir;

    public RunDirectory(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    /** As the constructor; a folder that cannot be created is reported naming it. */
    public static RunDirectory open(Path dir) {
        try {
            return new RunDirectory(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return dir;
    }

    public Path checkpoint() {
        return dir.resolve(CHECKPOINT);
    }

    /** Reads a JSON file written by this class; a damaged one is reported by name. */
    public static com.fasterxml.jackson.databind.JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a readable run record: " + e.getMessage(), e);
        }
    }

    public void writeRunJson(ObjectNode run) throws IOException {
        AtomicFiles.writeString(dir.resolve(RUN_JSON), JSON.writeValueAsString(run) + "\n");
    }

    /**
     * One row per epoch; the task's extra test metrics (e.g. {@code test_sq_loss}) follow as further
     * columns, then the method's diagnostics (e.g. {@code cf-auto}'s {@code lambda}, {@code beta}), each
     * empty for epochs that lack it (recorded before the column existed, then resumed), and last
     * {@code head_seconds} when the trainer measured it.
     */
    public void writeMetrics(TrainingResult result) throws IOException {
        writeMetrics(result.metricName(), result.epochs());
    }

    /** As {@link #writeMetrics(TrainingResult)} for the epochs so far (written after every epoch). */
    public void writeMetrics(String metricName, List<EpochMetrics> epochs) throws IOException {
        List<String> extras = EpochMetrics.extraNames(epochs);
        // the head's time is a column once the trainer measures it (last, so earlier column positions stay)
        boolean head = epochs.stream().anyMatch(m -> !Double.isNaN(m.headSeconds()));
        StringBuilder csv = new StringBuilder("epoch,steps,train_loss," + metricName + ",wall_seconds");
        List<String> diagnostics = EpochMetrics.diagnosticNames(epochs);
        extras.forEach(name -> csv.append(',').append(name));
        diagnostics.forEach(name -> csv.append(',').append(name));
        csv.append(head ? "," + HEAD_SECONDS : "").append('\n');
        for (EpochMetrics m : epochs) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.10g,%.10g,%.6f", m.epoch(), m.steps(), m.trainLoss(), m.testMetric(), m.wallSeconds()));
            appendColumns(csv, extras, m.extraTestMetrics());
            appendColumns(csv, diagnostics, m.diagnostics());
            if (head) {
                csv.append(',').append(Double.isNaN(m.headSeconds()) ? "" : String.format(Locale.ROOT, "%.6f", m.headSeconds()));
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(dir.resolve(METRICS_CSV), csv.toString());
    }

    /**
     * The epochs of a {@code metrics.csv} written by {@link #writeMetrics}: the fixed columns, then the
     * extra test metrics by their column names.
     */
    public static List<EpochMetrics> readMetrics(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            String[] header = lines.get(0).split(",", -1);
            List<EpochMetrics> out = new java.util.ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] c = line.split(",", -1);
                Map<String, Double> extras = new LinkedHashMap<>();
                double head = Double.NaN;
                for (int j = 5; j < c.length; j++) {
                    if (!c[j].isEmpty() && header[j].equals(HEAD_SECONDS)) {
                        head = Double.parseDouble(c[j]);
                    } else if (!c[j].isEmpty()) {
                        extras.put(header[j], Double.parseDouble(c[j]));
                    }
                }
                out.add(new EpochMetrics(Integer.parseInt(c[0]), Long.parseLong(c[1]), Double.parseDouble(c[2]),
                        Double.parseDouble(c[3]), Double.parseDouble(c[4]), extras, head));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a readable metrics file: " + e.getMessage(), e);
        }
    }

    private static void appendColumns(StringBuilder csv, List<String> names, Map<String, Double> values) {
        for (String name : names) {
            Double v = values.get(name);
            csv.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.10g", v));
        }
    }

    /** Backbone parameters under their DJL names prefixed {@code backbone.}, {@code head.W}, and the standardiser if any. */
    public void writeModel(LastLayerModel model, Standardizer standardizer) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        model.backboneParameters().forEach((name, array) ->
                arrays.put("backbone." + name, NpyArray.of(array.toFloatArray(), array.getShape().getShape())));
        var w = model.head();
        arrays.put("head.W", NpyArray.of(w.data(), w.rows(), w.cols()));
        if (standardizer != null) {
            arrays.put("standardizer.input_mean", vector(standardizer.inputMeans()));
            arrays.put("standardizer.input_std", vector(standardizer.inputStds()));
            arrays.put("standardizer.target_mean", vector(standardizer.targetMeans()));
            arrays.put("standardizer.target_std", vector(standardizer.targetStds()));
        }
        Npz.write(dir.resolve(MODEL_NPZ), arrays);
    }

    private static NpyArray vector(double[] v) {
        return NpyArray.of(v, v.length);
    }
}
