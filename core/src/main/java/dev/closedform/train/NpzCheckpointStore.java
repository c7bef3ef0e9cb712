package dev.closedform.train;

import dev.closedform.data.NpyArray;
import dev.closedform.data.Npz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the checkpoint as one {@code .npz} file, replaced atomically after every epoch, so a
 * killed run leaves either the previous or the new checkpoint, never a torn one. The run's
 * configuration is stored as UTF-8 bytes (int32) because NPY holds numbers only.
 */
public final class NpzCheckpointStore implements CheckpointStore {

    private static final String CONFIG = "meta.config_utf8";
    private static final String COUNTERS = "meta.counters";
    private static final String WALL = "meta.wall_seconds";
    private static final String METRICS = "meta.metrics";
    /** Names of the extra test metrics, one per line: columns 5.. of {@link #METRICS}; absent in older checkpoints. */
    private static final String METRIC_EXTRAS = "meta.metric_extras_utf8";
    /** Names of the epochs' diagnostics, one per line: the columns after the extras; absent in older checkpoints. */
    private static final String METRIC_DIAGNOSTICS = "meta.metric_diagnostics_utf8";
    /** {@link EpochMetrics#headSeconds()} per epoch; absent in older checkpoints (then NaN). */
    private static final String HEAD_SECONDS = "meta.head_seconds";
    private static final String HEAD = "head.W";
    private static final String BACKBONE = "backbone.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String STATE = "state.";

    private final Path file;

    public NpzCheckpointStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public void save(Checkpoint c) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put(CONFIG, utf8(c.configKey()));
        arrays.put(COUNTERS, NpyArray.of(new long[] {c.epochsDone(), c.steps(), c.optimizerUpdates()}, 3));
        arrays.put(WALL, NpyArray.of(new double[] {c.wallSeconds()}, 1));
        // one row per epoch: the five fixed columns, the extra test metrics, then the diagnostics (NaN where an epoch lacks one)
        List<String> extras = EpochMetrics.extraNames(c.metrics());
        List<String> diagnostics = EpochMetrics.diagnosticNames(c.metrics());
        int width = 5 + extras.size() + diagnostics.size();
        double[] metrics = new double[c.metrics().size() * width];
        for (int i = 0; i < c.metrics().size(); i++) {
            EpochMetrics m = c.metrics().get(i);
            System.arraycopy(new double[] {m.epoch(), m.steps(), m.trainLoss(), m.testMetric(), m.wallSeconds()}, 0, metrics, i * width, 5);
            for (int e = 0; e < extras.size(); e++) {
                metrics[i * width + 5 + e] = m.extraTestMetrics().getOrDefault(extras.get(e), Double.NaN);
            }
            for (int e = 0; e < diagnostics.size(); e++) {
                metrics[i * width + 5 + extras.size() + e] = m.diagnostics().getOrDefault(diagnostics.get(e), Double.NaN);
            }
        }
        arrays.put(METRICS, NpyArray.of(metrics, c.metrics().size(), width));
        arrays.put(METRIC_EXTRAS, utf8(String.join("\n", extras)));
        arrays.put(METRIC_DIAGNOSTICS, utf8(String.join("\n", diagnostics)));
        arrays.put(HEAD_SECONDS, NpyArray.of(c.metrics().stream().mapToDouble(EpochMetrics::headSeconds).toArray(), c.metrics().size()));
        arrays.put(HEAD, NpyArray.of(c.head(), c.head().length));
        c.backbone().forEach((name, values) -> arrays.put(BACKBONE + name, NpyArray.of(values, values.length)));
        for (int i = 0; i < c.optimizerState().size(); i++) {
            float[] s = c.optimizerState().get(i);
            arrays.put(OPTIMIZER + i, NpyArray.of(s, s.length));
        }
        c.state().forEach((name, values) -> arrays.put(STATE + name, NpyArray.of(values, values.length)));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Npz.write(file, arrays);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Checkpoint> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, NpyArray> arrays;
        try {
            arrays = Npz.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        for (String key : List.of(CONFIG, COUNTERS, WALL, METRICS, HEAD)) {
            if (!arrays.containsKey(key)) {
                throw new IllegalStateException("checkpoint " + file + " has no array '" + key + "'");
            }
        }
        long[] counters = arrays.get(COUNTERS).toLongArray();
        double[] m = arrays.get(METRICS).toDoubleArray();
        List<String> extras = names(arrays, METRIC_EXTRAS);
        List<String> diagnostics = names(arrays, METRIC_DIAGNOSTICS);
        int width = 5 + extras.size() + diagnostics.size();
        double[] head = arrays.containsKey(HEAD_SECONDS) ? arrays.get(HEAD_SECONDS).toDoubleArray() : new double[0];
        List<EpochMetrics> metrics = new ArrayList<>();
        for (int i = 0; i + width <= m.length; i += width) {
            int row = i / width;
            metrics.add(new EpochMetrics((int) m[i], (long) m[i + 1], m[i + 2], m[i + 3], m[i + 4],
                    present(extras, m, i + 5), present(diagnostics, m, i + 5 + extras.size()),
                    row < head.length ? head[row] : Double.NaN));
        }
        Map<String, float[]> backbone = new LinkedHashMap<>();
        List<float[]> optimizer = new ArrayList<>();
        Map<String, double[]> state = new LinkedHashMap<>();
        arrays.forEach((name, a) -> {
            if (name.startsWith(BACKBONE)) {
                backbone.put(name.substring(BACKBONE.length()), a.toFloatArray());
            } else if (name.startsWith(STATE)) {
                state.put(name.substring(STATE.length()), a.toDoubleArray());
            }
        });
        for (int i = 0; arrays.containsKey(OPTIMIZER + i); i++) {
            optimizer.add(arrays.get(OPTIMIZER + i).toFloatArray());
        }
        return Optional.of(new Checkpoint(utf8(arrays.get(CONFIG)), (int) counters[0], counters[1],
                arrays.get(WALL).toDoubleArray()[0], metrics, backbone, arrays.get(HEAD).toDoubleArray(), optimizer, counters[2],
                state));
    }

    /** The names stored one per line under {@code key}; none when the key is absent (older checkpoints). */
    private static List<String> names(Map<String, NpyArray> arrays, String key) {
        String text = arrays.containsKey(key) ? utf8(arrays.get(key)) : "";
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /** {@code names[k] -> row[from + k]} for the values that are not NaN (an epoch without that column). */
    private static Map<String, Double> present(List<String> names, double[] row, int from) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            if (!Double.isNaN(row[from + k])) {
                out.put(names.get(k), row[from + k]);
            }
        }
        return out;
    }

    /** Text as its UTF-8 bytes in an int32 vector (NPY holds numbers only). */
    private static NpyArray utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ints = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ints[i] = bytes[i];
        }
        return NpyArray.of(ints, ints.length);
    }

    private static String utf8(NpyArray array) {
        long[] ints = array.toLongArray();
        byte[] bytes = new byte[ints.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ints[i];
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
