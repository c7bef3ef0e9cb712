package dev.closedform.experiments.bench;

import dev.closedform.train.UpdateOrder;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link StepBenchmark} times: a backbone on random data of its shape, the methods
 * (interleaved in rounds, the first is the baseline), and the memory run.
 *
 * @param grid         operators: grid points per axis (0: the standard 1024 for fno1d, 85 for fno2d)
 * @param inputs       MLP input width (images are 1 x 28 x 28, operators take their grid)
 * @param hidden       MLP hidden widths
 * @param outputs      MLP and CNN outputs (operators have one per grid point)
 * @param steps        timed steps per method per round
 * @param rounds       interleaved rounds; the first warms up and is not counted
 * @param leakSteps    steps of the cf-prox memory run (0: none)
 * @param order        update order of the closed-form methods without an order of their own
 * @param epochSamples operators: seconds per epoch are reported for this many samples
 */
public record StepBenchConfig(BenchModel model, int grid, int inputs, int[] hidden, int outputs, int batchSize,
                              List<BenchMethod> methods, int steps, int rounds, int leakSteps, boolean reuseFeatures,
                              UpdateOrder order, int epochSamples, long seed) {

    public StepBenchConfig {
        require(grid >= 0, "grid", grid, ">= 0");
        require(inputs >= 1, "inputs", inputs, ">= 1");
        require(outputs >= 1, "outputs", outputs, ">= 1");
        require(batchSize >= 1, "batchSize", batchSize, ">= 1");
        require(steps >= 1, "steps", steps, ">= 1");
        require(rounds >= 2, "rounds", rounds, ">= 2 (the first round only warms up)");
        require(leakSteps >= 0, "leakSteps", leakSteps, ">= 0");
        require(epochSamples >= 1, "epochSamples", epochSamples, ">= 1");
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("methods: need at least one method, got " + methods);
        }
        for (int h : hidden) {
            require(h >= 1, "hidden", Arrays.toString(hidden), "all >= 1");
        }
        hidden = hidden.clone();
        methods = List.copyOf(methods);
    }

    private static void require(boolean ok, String field, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + " must be " + rule + ", got " + value);
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** The baseline every ratio divides by: the first method. */
    public BenchMethod baseline() {
        return methods.get(0);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private BenchModel model = BenchModel.MLP;
        private int grid;
        private int inputs = 784;
        private int[] hidden = {256, 256, 128};
        private int outputs = 10;
        private int batchSize = 128;
        private List<BenchMethod> methods = List.of(BenchMethod.parse("sgd"), BenchMethod.parse("cf-prox"));
        private int steps = 200;
        private int rounds = 11;
        private int leakSteps = 10_000;
        private boolean reuseFeatures;
        private UpdateOrder order = UpdateOrder.BACKBONE_FIRST;
        private int epochSamples = 1000;
        private long seed = 1;

        public Builder optModel(BenchModel v) { model = v; return this; }
        public Builder optGrid(int v) { grid = v; return this; }
        public Builder optInputs(int v) { inputs = v; return this; }
        public Builder optHidden(int[] v) { hidden = v.clone(); return this; }
        public Builder optOutputs(int v) { outputs = v; return this; }
        public Builder optBatchSize(int v) { batchSize = v; return this; }
        public Builder optMethods(List<BenchMethod> v) { methods = v; return this; }
        /** Method specs as {@link BenchMethod#parse} reads them. */
        public Builder optMethodSpecs(List<String> specs) { methods = specs.stream().map(BenchMethod::parse).toList(); return this; }
        public Builder optSteps(int v) { steps = v; return this; }
        public Builder optRounds(int v) { rounds = v; return this; }
        public Builder optLeakSteps(int v) { leakSteps = v; return this; }
        public Builder optReuseFeatures(boolean v) { reuseFeatures = v; return this; }
        public Builder optOrder(UpdateOrder v) { order = v; return this; }
        public Builder optEpochSamples(int v) { epochSamples = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }

        public StepBenchConfig build() {
            return new StepBenchConfig(model, grid, inputs, hidden, outputs, batchSize, methods, steps, rounds, leakSteps,
                    reuseFeatures, order, epochSamples, seed);
        }
    }
}
