package dev.closedform.cli;

import dev.closedform.experiments.run.Provenance;
import dev.closedform.experiments.run.RunDirectory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.data.AtomicFiles;
import dev.closedform.data.RegressionData;
import dev.closedform.model.Activation;
import dev.closedform.model.Backbone;
import dev.closedform.model.FnoConfig;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import dev.closedform.train.UpdateOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Per-step cost of each method relative to sgd, measured side by side in this process (rounds",
            "interleave the methods; the median over rounds is reported), then a long cf-prox run that reports",
            "resident memory at its start and end (a native leak would make it grow)."},
        footer = {"", "Examples:", "  closedform bench", "  closedform bench --methods sgd,adam,cf-prox --rounds 7 --leak-steps 0 --out bench.json",
            "  closedform bench --model fno1d --batch-size 20 --methods sgd,adam,cf-prox --steps 20 --rounds 3 --leak-steps 0"})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "mlp", description = "mlp (--inputs/--hidden/--outputs), cnn (small CNN on 1x28x28 images), "
            + "resnet (ResNet-20 on 1x28x28), fno1d (standard FNO-1d, 549,569 parameters) or fno2d (standard FNO-2d, 2,368,001). "
            + "Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--grid", description = "fno1d/fno2d: grid points per axis. Default: 1024 (fno1d), 85 (fno2d).")
    Integer grid;

    @Option(names = "--epoch-samples", defaultValue = "1000", description = "fno: report seconds per epoch of this many samples. Default: ${DEFAULT-VALUE}.")
    int epochSamples;

    @Option(names = "--inputs", defaultValue = "784", description = "Input width. Default: ${DEFAULT-VALUE}.")
    int inputs;

    @Option(names = "--hidden", defaultValue = "256,256,128", description = "Hidden widths. Default: ${DEFAULT-VALUE} (MLP 784-256-256-128).")
    String hidden;

    @Option(names = "--outputs", defaultValue = "10", description = "Outputs. Default: ${DEFAULT-VALUE}.")
    int outputs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--methods", defaultValue = "sgd,cf-prox", split = ",", description = "Methods to time; the first is the baseline. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--steps", defaultValue = "200", description = "Timed steps per method per round. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--rounds", defaultValue = "11", description = "Interleaved rounds (the first is warm-up and not counted). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--leak-steps", defaultValue = "10000", description = "Steps of the cf-prox memory run (0: skip). Default: ${DEFAULT-VALUE}.")
    int leakSteps;

    @Option(names = "--reuse-features", description = "Time cf methods without the second forward pass.")
    boolean reuseFeatures;

    @Option(names = "--order", description = "Update order of the cf methods: backbone-first or last-layer-first (one forward pass). "
            + "Default: as train/compare, last-layer-first for cnn and resnet, backbone-first otherwise.")
    String order;

    @Option(names = "--threads", defaultValue = "0", description = "PyTorch intra-op threads (0: launcher default).")
    int threads;

    @Option(names = "--out", description = "Also write the results as JSON here.")
    Path out;

    @Override
    public Integer call() throws IOException {
        OfflineDjl.threads(threads);
        configureModel();
        if (rounds < 2 || steps < 1 || batchSize < 1) {
            throw new IllegalArgumentException("--rounds must be >= 2, --steps and --batch-size >= 1");
        }
        // A small pool of batches visited for several epochs: timing, not learning, is the point, and a
        // large array would make the garbage collector part of what is measured.
        int poolBatches = Math.min(steps, 20);
        int epochs = (steps + poolBatches - 1) / poolBatches;
        RegressionData data = randomData(poolBatches * batchSize, 1);
        RegressionData probe = randomData(batchSize, 2);
        Map<String, List<Double>> msPerStep = new LinkedHashMap<>();
        methods.forEach(m -> msPerStep.put(m, new ArrayList<>()));
        Map<String, List<Double>> cpuMsPerStep = new LinkedHashMap<>();
        methods.forEach(m -> cpuMsPerStep.put(m, new ArrayList<>()));
        String what = fno == null ? String.format(Locale.ROOT, "%s, %d outputs", backbone().description(), outputs)
                : fno.backbone().description() + " (head rows = samples x " + fno.points() + " points)";
        System.out.printf(Locale.ROOT, "%s, batch %d, %d threads; %d rounds x %d steps per method%n",
                what, batchSize, dev.closedform.engine.EngineSettings.threads(), rounds, steps);
        try (ProgressReporter progress = new ProgressReporter("bench", (long) rounds * methods.size() * epochs * poolBatches)) {
            for (int round = 0; round < rounds; round++) {
                for (String method : methods) {
                    CpuClock cpu = new CpuClock();
                    TrainingResult r = train(method, data, probe, epochs, cpu.andThen(progress.listener(method + " round " + round)));
                    if (round > 0) {
                        msPerStep.get(method).add(1000 * r.last().wallSeconds() / r.last().steps());
                        cpuMsPerStep.get(method).add(cpu.msPerStep());
                    }
                }
            }
        }
        ObjectNode json = RunDirectory.JSON.createObjectNode();
        json.put("command", "closedform bench");
        json.put("model", backbone().description());
        json.set("provenance", Provenance.toJson());
        ArrayNode rows = json.putArray("step_time");
        List<Double> base = msPerStep.get(methods.get(0));
        String ratioName = "x " + methods.get(0);
        System.out.printf(Locale.ROOT, "%-10s %12s %14s %20s%n", "method", "ms/step", ratioName, "(min-max over rounds)");
        for (var e : msPerStep.entrySet()) {
            // The ratio is taken within each round (the methods ran back to back), then the median over
            // rounds: this cancels the slow drifts of a shared machine better than a ratio of medians.
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                ratios.add(e.getValue().get(i) / base.get(i));
            }
            double ms = median(e.getValue());
            double ratio = median(ratios);
            System.out.printf(Locale.ROOT, "%-10s %12.3f %14.3f %9.3f - %-9.3f%n", e.getKey(), ms, ratio,
                    java.util.Collections.min(ratios), java.util.Collections.max(ratios));
            ObjectNode row = rows.addObject().put("method", e.getKey()).put("median_ms_per_step", ms)
                    .put("ratio_to_" + methods.get(0), ratio);
            double cpuMs = median(cpuMsPerStep.get(e.getKey()));
            row.put("median_cpu_ms_per_step", cpuMs);
            System.out.printf(Locale.ROOT, "%-10s %12.3f CPU ms/step of the training thread (robust to other load when --threads 1)%n", "", cpuMs);
            if (fno != null) {
                int stepsPerEpoch = (epochSamples + batchSize - 1) / batchSize;
                row.put("seconds_per_epoch_" + epochSamples + "_samples", ms * stepsPerEpoch / 1000);
                System.out.printf(Locale.ROOT, "%-10s %12.2f s per epoch of %d samples (%d steps of %d; training steps only, evaluation excluded)%n",
                        "", ms * stepsPerEpoch / 1000, epochSamples, stepsPerEpoch, batchSize);
            }
        }
        json.put("model", fno == null ? "mlp " + inputs + "-" + hidden + "-" + outputs : fno.backbone().description());
        json.put("batch_size", batchSize);
        json.put("threads", dev.closedform.engine.EngineSettings.threads());
        if (leakSteps > 0) {
            leakRun(json);
        }
        if (out != null) {
            AtomicFiles.writeString(out, RunDirectory.JSON.writeValueAsString(json) + "\n");
            System.out.println("wrote " + out.toAbsolutePath());
        }
        return 0;
    }

    private void leakRun(ObjectNode json) throws IOException {
        int stepsPerEpoch = 100;
        int epochs = Math.max(1, leakSteps / stepsPerEpoch);
        RegressionData data = randomData(stepsPerEpoch * batchSize, 3);
        RegressionData probe = randomData(batchSize, 4);
        long[] rss = new long[2];
        List<long[]> samples = new ArrayList<>();
        TrainingListener sampler = new TrainingListener() {
            @Override
            public void onStep(int epoch, int stepInEpoch) {
                long step = (long) (epoch - 1) * stepsPerEpoch + stepInEpoch;
                if (step == stepsPerEpoch) { // after a warm-up epoch: allocator pools and JIT have settled
                    rss[0] = residentKb();
                }
                if (step % 1000 == 0) {
                    samples.add(new long[] {step, residentKb()});
                }
            }
        };
        long t0 = System.nanoTime();
        TrainingResult r;
        try (ProgressReporter progress = new ProgressReporter("cf-prox memory", (long) epochs * stepsPerEpoch)) {
            r = train("cf-prox", data, probe, epochs, sampler.andThen(progress.listener("cf-prox")));
        }
        rss[1] = residentKb();
        System.out.printf(Locale.ROOT, "cf-prox memory run: %d steps in %.1f s; resident %.1f MB after %d steps, %.1f MB at the end (%+.1f MB)%n",
                r.last().steps(), (System.nanoTime() - t0) / 1e9, rss[0] / 1024.0, stepsPerEpoch, rss[1] / 1024.0, (rss[1] - rss[0]) / 1024.0);
        ObjectNode leak = json.putObject("memory");
        leak.put("steps", r.last().steps());
        leak.put("rss_mb_start", rss[0] / 1024.0);
        leak.put("rss_mb_end", rss[1] / 1024.0);
        ArrayNode s = leak.putArray("rss_mb_every_1000_steps");
        samples.forEach(p -> s.addArray().add(p[0]).add(p[1] / 1024.0));
    }

    private TrainingResult train(String method, RegressionData data, RegressionData probe, int epochs, TrainingListener listener) {
        TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(epochs).optBatchSize(batchSize)
                .optReuseFeatures(reuseFeatures).optUpdateOrder(order != null ? MethodOptions.parseOrder(order)
                        : model.equals("cnn") || model.equals("resnet") ? UpdateOrder.LAST_LAYER_FIRST : UpdateOrder.BACKBONE_FIRST).optSeed(1).build();
        try (LastLayerModel model = new LastLayerModel(backbone(), fno != null ? 1 : outputs, true, 1)) {
            return new TrainingLoop(config).optListener(listener).fit(model, data, probe, TestMetric.meanSquaredError());
        }
    }

    /** FNO benchmarks: inputs and outputs are fields of grid points; the head maps each point's 128 features to 1 value. */
    private FnoConfig fno;

    private void configureModel() {
        model = model.trim().toLowerCase(Locale.ROOT);
        switch (model) {
            case "mlp" -> fno = null;
            case "cnn", "resnet" -> inputs = 28 * 28; // images: 1 x 28 x 28 rows
            case "fno1d" -> fno = FnoConfig.standard1d(grid != null ? grid : 1024);
            case "fno2d" -> fno = FnoConfig.standard2d(grid != null ? grid : 85);
            default -> throw new IllegalArgumentException("--model: expected mlp, cnn, resnet, fno1d or fno2d, got '" + model + "'");
        }
        if (fno != null) {
            inputs = fno.points();
            outputs = fno.points();
        }
    }

    private Backbone backbone() {
        return switch (model) {
            case "cnn" -> dev.closedform.model.ConvNets.smallCnn(1, 28, 28);
            case "resnet" -> dev.closedform.model.ConvNets.resnet(1, 28, 28, 3);
            case "fno1d", "fno2d" -> fno.backbone();
            default -> Mlp.build(inputs, Mlp.parseHidden(hidden), Activation.RELU);
        };
    }

    private RegressionData randomData(int rows, long seed) {
        Random random = new Random(seed);
        if (fno != null) {
            float[] x = new float[rows * inputs];
            float[] y = new float[rows * outputs];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
                y[i] = (float) random.nextGaussian();
            }
            return new RegressionData(x, y, names("a", inputs), names("u", outputs));
        }
        float[] x = new float[rows * inputs];
        float[] y = new float[rows * outputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        for (int i = 0; i < rows; i++) {
            y[i * outputs + random.nextInt(outputs)] = 1;
        }
        return new RegressionData(x, y, names("x", inputs), names("y", outputs));
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    /**
     * CPU time of the training thread between consecutive steps of an epoch (evaluation between
     * epochs is left out). With one PyTorch thread the engine computes on the calling thread, so this
     * is the step's compute time, unaffected by other processes competing for the cores.
     */
    private static final class CpuClock implements TrainingListener {
        private final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        private long last = -1;
        private long total;
        private int counted;

        @Override
        public void onStep(int epoch, int stepInEpoch) {
            long now = bean.getCurrentThreadCpuTime();
            if (stepInEpoch > 1 && last >= 0) {
                total += now - last;
                counted++;
            }
            last = now;
        }

        double msPerStep() {
            return counted == 0 ? Double.NaN : total / 1e6 / counted;
        }
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Resident set size of this process in KiB, from /proc (Linux). */
    static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not on Linux: report -1 rather than fail the benchmark
        }
        return -1;
    }
}
