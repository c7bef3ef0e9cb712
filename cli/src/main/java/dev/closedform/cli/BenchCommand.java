package dev.closedform.cli;

import dev.closedform.data.AtomicFiles;
import dev.closedform.engine.EngineSettings;
import dev.closedform.experiments.bench.BenchModel;
import dev.closedform.experiments.bench.MemoryRun;
import dev.closedform.experiments.bench.MethodTiming;
import dev.closedform.experiments.bench.RoundTime;
import dev.closedform.experiments.bench.StepBenchConfig;
import dev.closedform.experiments.bench.StepBenchResult;
import dev.closedform.experiments.bench.StepBenchmark;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.model.Mlp;
import dev.closedform.train.StepPhase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

    @Option(names = "--methods", defaultValue = "sgd,cf-prox", split = ",", description = "Methods to time, each METHOD[@OPTIMIZER][:ORDER] (e.g. cf-prox@adam, "
            + "cf-prox:last-layer-first); the first is the baseline. Default: ${DEFAULT-VALUE}.")
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
        StepBenchConfig.Builder b;
        BenchModel benchModel;
        try {
            benchModel = BenchModel.parse(model);
            b = StepBenchConfig.builder().optModel(benchModel).optGrid(grid != null ? grid : 0);
        } catch (IllegalArgumentException e) {
            throw asOption(e);
        }
        b.optInputs(inputs).optHidden(Mlp.parseHidden(hidden)).optOutputs(outputs).optBatchSize(batchSize)
                .optSteps(steps).optRounds(rounds).optLeakSteps(leakSteps).optReuseFeatures(reuseFeatures)
                .optOrder(order != null ? MethodOptions.parseOrder(order) : benchModel.preferredOrder()).optEpochSamples(epochSamples);
        StepBenchConfig config;
        try {
            config = b.optMethodSpecs(methods).build();
        } catch (IllegalArgumentException e) {
            throw asOption(e);
        }
        StepBenchmark bench = new StepBenchmark(config);
        System.out.printf(Locale.ROOT, "%s, batch %d, %d threads; %d rounds x %d steps per method (the first round warms up)%n",
                bench.description(), batchSize, EngineSettings.threads(), rounds, steps);
        StepBenchResult result;
        try (ProgressReporter progress = new ProgressReporter("bench", bench.timedSteps())) {
            result = bench.time(progress::listener);
        }
        print(result);
        if (leakSteps > 0) {
            MemoryRun run;
            try (ProgressReporter progress = new ProgressReporter("cf-prox memory", bench.memorySteps())) {
                run = bench.memory(progress::listener);
            }
            result = result.withMemory(run);
            System.out.printf(Locale.ROOT, "cf-prox memory run: %d steps in %.1f s; resident %.1f MB after 100 steps, %.1f MB at the end (%+.1f MB)%n",
                    run.steps(), run.seconds(), run.residentKbStart() / 1024.0, run.residentKbEnd() / 1024.0, run.growthMb());
        }
        if (out != null) {
            AtomicFiles.writeString(out, RunDirectory.JSON.writeValueAsString(result.toJson()) + "\n");
            System.out.println("wrote " + out.toAbsolutePath());
        }
        return 0;
    }

    private static void print(StepBenchResult r) {
        MethodTiming base = r.baseline();
        String b = base.method().spec();
        System.out.printf(Locale.ROOT, "load average (1 min, whole machine): %.2f before, %.2f after the timed rounds%s%n",
                r.loadBefore(), r.loadAfter(), r.loadAfter() > 1.5 || r.loadBefore() > 1.5
                        ? " (other processes compete: read the CPU columns, and the quiet ones above all)" : "");
        System.out.printf(Locale.ROOT, "%-24s %9s %8s %18s %9s %9s %10s %9s%n", "method", "ms/step", "x " + b, "(min-max, rounds)",
                "CPU ms", "x " + b, "quiet CPU", "x " + b);
        for (MethodTiming m : r.methods()) {
            System.out.printf(Locale.ROOT, "%-24s %9.3f %8.3f %8.3f - %-7.3f %9.3f %9.3f %10.3f %9.3f%n", m.method().spec(),
                    m.medianWallMs(), m.wallRatio(base), m.minWallRatio(base), m.maxWallRatio(base), m.medianCpuMs(),
                    m.cpuRatio(base), m.medianQuietCpuMs(), m.quietCpuRatio(base));
        }
        System.out.printf(Locale.ROOT, "(ms/step: wall clock; CPU ms: thread CPU time per step, the step's own compute with one engine thread;%n"
                + " quiet CPU: the %d%% quantile of per-step CPU time, the steps no other process interrupted; ratios are medians over rounds%n"
                + " of the ratio within each round)%n", Math.round(100 * RoundTime.QUIET_QUANTILE));
        parts(r, "where the time goes (" + (r.cpuBasis() ? "thread CPU time" : "wall clock, several threads")
                + " per step, in units of one " + b + " step; medians over rounds):", (m, p) -> m.part(p, base, r.cpuBasis()));
        if (r.cpuBasis()) {
            parts(r, "the same from the quiet steps (each phase's " + Math.round(100 * RoundTime.QUIET_QUANTILE) + "% quantile):",
                    (m, p) -> m.quietPart(p, base));
        }
        if (r.config().model().isOperator()) {
            for (MethodTiming m : r.methods()) {
                System.out.printf(Locale.ROOT, "%-24s %.2f s per epoch of %d samples (%d steps of %d; training steps only, evaluation excluded)%n",
                        m.method().spec(), m.medianWallMs() * r.stepsPerEpoch() / 1000, r.config().epochSamples(), r.stepsPerEpoch(),
                        r.config().batchSize());
            }
        }
    }

    private static void parts(StepBenchResult r, String title, java.util.function.BiFunction<MethodTiming, StepPhase, Double> part) {
        System.out.println(title);
        System.out.printf(Locale.ROOT, "%-24s %14s %12s %11s %8s %8s%n", "method", "backbone step", "2nd forward", "statistics", "solve", "sum");
        for (MethodTiming m : r.methods()) {
            double[] parts = new double[StepPhase.values().length];
            double sum = 0;
            for (StepPhase p : StepPhase.values()) {
                parts[p.ordinal()] = part.apply(m, p);
                sum += parts[p.ordinal()];
            }
            System.out.printf(Locale.ROOT, "%-24s %14s %12s %11s %8s %8.3f%n", m.method().spec(), share(parts[0]), share(parts[1]),
                    share(parts[2]), share(parts[3]), sum);
        }
    }

    /** Configuration fields that are named like this command's options, e.g. {@code batchSize} is {@code --batch-size}. */
    private static final List<String> FIELDS = List.of("model", "grid", "inputs", "hidden", "outputs", "batchSize", "methods",
            "steps", "rounds", "leakSteps", "epochSamples");

    /** The message with the configuration field it starts with replaced by the option's name. */
    private static IllegalArgumentException asOption(IllegalArgumentException e) {
        String m = e.getMessage();
        int end = 0;
        while (end < m.length() && Character.isLetter(m.charAt(end))) {
            end++;
        }
        String field = m.substring(0, end);
        if (!FIELDS.contains(field)) {
            return e;
        }
        return new IllegalArgumentException("--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT) + m.substring(end), e);
    }

    private static String share(double v) {
        return v == 0 ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
