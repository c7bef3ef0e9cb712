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
    private static final String HEAD = "head.W";
    private static final String BACKBONE = "backbone.";
    private static final String OPTIMIZER = "optimizer.";

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
        byte[] config = c.configKey().getBytes(StandardCharsets.UTF_8);
        int[] configInts = new int[config.length];
        for (int i = 0; i < config.length; i++) {
            configInts[i] = config[i];
        }
        arrays.put(CONFIG, NpyArray.of(configInts, configInts.length));
        arrays.put(COUNTERS, NpyArray.of(new long[] {c.epochsDone(), c.steps(), c.optimizerUpdates()}, 3));
        arrays.put(WALL, NpyArray.of(new double[] {c.wallSeconds()}, 1));
        double[] metrics = new double[c.metrics().size() * 5];
        for (int i = 0; i < c.metrics().size(); i++) {
            EpochMetrics m = c.metrics().get(i);
            System.arraycopy(new double[] {m.epoch(), m.steps(), m.trainLoss(), m.testMetric(), m.wallSeconds()}, 0, metrics, i * 5, 5);
        }
        arrays.put(METRICS, NpyArray.of(metrics, c.metrics().size(), 5));
        arrays.put(HEAD, NpyArray.of(c.head(), c.head().length));
        c.backbone().forEach((name, values) -> arrays.put(BACKBONE + name, NpyArray.of(values, values.length)));
        for (int i = 0; i < c.optimizerState().size(); i++) {
            float[] s = c.optimizerState().get(i);
            arrays.put(OPTIMIZER + i, NpyArray.of(s, s.length));
        }
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
        long[] configInts = arrays.get(CONFIG).toLongArray();
        byte[] config = new byte[configInts.length];
        for (int i = 0; i < config.length; i++) {
            config[i] = (byte) configInts[i];
        }
        long[] counters = arrays.get(COUNTERS).toLongArray();
        double[] m = arrays.get(METRICS).toDoubleArray();
        List<EpochMetrics> metrics = new ArrayList<>();
        for (int i = 0; i + 5 <= m.length; i += 5) {
            metrics.add(new EpochMetrics((int) m[i], (long) m[i + 1], m[i + 2], m[i + 3], m[i + 4]));
        }
        Map<String, float[]> backbone = new LinkedHashMap<>();
        List<float[]> optimizer = new ArrayList<>();
        arrays.forEach((name, a) -> {
            if (name.startsWith(BACKBONE)) {
                backbone.put(name.substring(BACKBONE.length()), a.toFloatArray());
            }
        });
        for (int i = 0; arrays.containsKey(OPTIMIZER + i); i++) {
            optimizer.add(arrays.get(OPTIMIZER + i).toFloatArray());
        }
        return Optional.of(new Checkpoint(new String(config, StandardCharsets.UTF_8), (int) counters[0], counters[1],
                arrays.get(WALL).toDoubleArray()[0], metrics, backbone, arrays.get(HEAD).toDoubleArray(), optimizer, counters[2]));
    }
}
