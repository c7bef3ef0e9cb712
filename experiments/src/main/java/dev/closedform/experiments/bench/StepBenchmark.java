package dev.closedform.experiments.bench;

import dev.closedform.data.RegressionData;
import dev.closedform.engine.EngineSettings;
import dev.closedform.model.FnoConfig;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Per-step cost of training methods measured side by side in one process: rounds interleave the
 * methods (the first round warms up), each method trains a fresh model through the one training
 * loop on a small pool of random batches, and a {@link PhaseClock} splits every step into its
 * {@link dev.closedform.train.StepPhase}s. A separate long cf-prox run samples resident memory.
 */
public final class StepBenchmark {

    private final StepBenchConfig config;
    /** Operators only: the grid whose points are the head's rows. */
    private final FnoConfig fno;
    private final int poolBatches;
    private final int epochs;

    public StepBenchmark(StepBenchConfig config) {
        this.config = config;
        this.fno = config.model().isOperator() ? config.model().fno(config.grid()) : null;
        // A small pool of batches visited for several epochs: timing, not learning, is the point, and a
        // large array would make the garbage collector part of what is measured.
        this.poolBatches = Math.min(config.steps(), 20);
        this.epochs = (config.steps() + poolBatches - 1) / poolBatches;
    }

    /** The model in words, e.g. {@code mlp 784-256-256-128 relu, 10 outputs}. */
    public String description() {
        return fno != null ? fno.backbone().description() + " (head rows = samples x " + fno.points() + " points)"
                : config.model().backbone(config).description() + ", " + config.outputs() + " outputs";
    }

    /** Training steps of {@link #time} (for a progress bar). */
    public long timedSteps() {
        return (long) config.rounds() * config.methods().size() * epochs * poolBatches;
    }

    /** Steps of {@link #memory}. */
    public long memorySteps() {
        return (long) memoryEpochs() * MEMORY_STEPS_PER_EPOCH;
    }

    /**
     * The timed rounds, with the machine's 1-minute load average before and after.
     *
     * @param progress a listener per run, given its label (e.g. {@code adam round 3})
     */
    public StepBenchResult time(Function<String, TrainingListener> progress) {
        RegressionData data = randomData(poolBatches * config.batchSize(), config.seed());
        RegressionData probe = randomData(config.batchSize(), config.seed() + 1);
        List<List<RoundTime>> rounds = new ArrayList<>();
        config.methods().forEach(m -> rounds.add(new ArrayList<>()));
        double loadBefore = MachineLoad.oneMinute();
        for (int round = 0; round < config.rounds(); round++) {
            for (int i = 0; i < config.methods().size(); i++) {
                BenchMethod method = config.methods().get(i);
                PhaseClock clock = new PhaseClock();
                TrainingResult r = train(method, data, probe, epochs, clock.andThen(progress.apply(method + " round " + round)));
                if (round > 0) {
                    rounds.get(i).add(RoundTime.of(1000 * r.last().wallSeconds() / r.last().steps(), clock));
                }
            }
        }
        double loadAfter = MachineLoad.oneMinute();
        List<MethodTiming> timings = new ArrayList<>();
        for (int i = 0; i < config.methods().size(); i++) {
            timings.add(new MethodTiming(config.methods().get(i), rounds.get(i)));
        }
        return new StepBenchResult(config, description(), EngineSettings.threads(), loadBefore, loadAfter, timings, null);
    }

    private static final int MEMORY_STEPS_PER_EPOCH = 100;

    private int memoryEpochs() {
        return Math.max(1, config.leakSteps() / MEMORY_STEPS_PER_EPOCH);
    }

    /** The long cf-prox run: resident memory after a warm-up epoch, every 1000 steps and at the end. */
    public MemoryRun memory(Function<String, TrainingListener> progress) {
        RegressionData data = randomData(MEMORY_STEPS_PER_EPOCH * config.batchSize(), config.seed() + 2);
        RegressionData probe = randomData(config.batchSize(), config.seed() + 3);
        long[] start = {-1};
        List<long[]> samples = new ArrayList<>();
        TrainingListener sampler = new TrainingListener() {
            @Override
            public void onStep(int epoch, int stepInEpoch) {
                long step = (long) (epoch - 1) * MEMORY_STEPS_PER_EPOCH + stepInEpoch;
                if (step == MEMORY_STEPS_PER_EPOCH) { // after a warm-up epoch: allocator pools and JIT have settled
                    start[0] = MachineLoad.residentKb();
                }
                if (step % 1000 == 0) {
                    samples.add(new long[] {step, MachineLoad.residentKb()});
                }
            }
        };
        long t0 = System.nanoTime();
        TrainingResult r = train(BenchMethod.parse("cf-prox"), data, probe, memoryEpochs(), sampler.andThen(progress.apply("cf-prox")));
        long end = MachineLoad.residentKb();
        return new MemoryRun(r.last().steps(), (System.nanoTime() - t0) / 1e9, start[0] < 0 ? end : start[0], end, samples);
    }

    private TrainingResult train(BenchMethod method, RegressionData data, RegressionData probe, int epochs, TrainingListener listener) {
        TrainingConfig.Builder b = TrainingConfig.builder().setMethod(method.method()).optEpochs(epochs)
                .optBatchSize(config.batchSize()).optReuseFeatures(config.reuseFeatures())
                .optUpdateOrder(method.order() != null ? method.order() : config.order()).optSeed(1);
        if (method.optimizer() != null) {
            b.optOptimizer(method.optimizer());
        }
        try (LastLayerModel model = new LastLayerModel(config.model().backbone(config), fno != null ? 1 : config.outputs(), true, 1)) {
            return new TrainingLoop(b.build()).optListener(listener).fit(model, data, probe, TestMetric.meanSquaredError());
        }
    }

    /** Operators: Gaussian input and output fields; otherwise uniform inputs and one-hot targets. */
    private RegressionData randomData(int rows, long seed) {
        Random random = new Random(seed);
        int inputs = fno != null ? fno.points() : config.model() == BenchModel.MLP ? config.inputs() : 28 * 28;
        int outputs = fno != null ? fno.points() : config.outputs();
        float[] x = new float[rows * inputs];
        float[] y = new float[rows * outputs];
        if (fno != null) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
                y[i] = (float) random.nextGaussian();
            }
            return new RegressionData(x, y, names("a", inputs), names("u", outputs));
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        for (int i = 0; i < rows; i++) {
            y[i * outputs + random.nextInt(outputs)] = 1;
        }
        return new RegressionData(x, y, names("x", inputs), names("y", outputs));
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }
}
