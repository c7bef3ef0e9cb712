package dev.closedform.train;

import dev.closedform.engine.EngineSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that shapes one training run, validated at construction. Build with
 * {@link #builder()}: {@code setX} for what has no sensible default, {@code optX} for the rest.
 *
 * @param method           the method (see {@link Method})
 * @param epochs           passes over the training split
 * @param batchSize        rows per step (ignored by full-batch methods)
 * @param learningRate     step size of the backbone optimiser (and of the head in joint methods)
 * @param ridge            {@code beta}: ridge penalty on {@code W}
 * @param prox             {@code lambda}: proximal coefficient of {@code cf-prox}
 * @param emaRate          weight of the newest per-batch solve in {@code ema}
 * @param optimizer        backbone optimiser
 * @param momentum         momentum coefficient of {@link OptimizerKind#MOMENTUM}
 * @param updateOrder      backbone-first (default) or last-layer-first
 * @param reuseFeatures    solve the head on the pre-step features instead of a second forward pass
 * @param shardRows        rows per shard inside a step (0: the whole batch is one shard); gradients
 *                         and Gram statistics are sums over shards, so results do not depend on it
 *                         beyond rounding
 * @param seed             fixes initialisation and batch order
 * @param ridgeOnBias      the ridge {@code beta} also penalises the bias column (the default);
 *                         {@code false} leaves the bias unpenalised, as textbook ridge regression does
 * @param rlsMemory        {@code cf-rls}: memory in batches {@code K}, forgetting factor {@code gamma = 1 - 1/K}
 *                         (1: the current batch only, i.e. {@code cf-ridge})
 * @param slimtikMemory    {@code slimtik}: memory depth {@code r}, the earlier batches whose features join the
 *                         current one in the update's normal matrix (0: the current batch only)
 * @param schedule         multiplier of the learning rate over the run (default constant)
 * @param loss             data term of the jointly trained methods ({@code sgd}, {@code adam}, {@code refit});
 *                         the closed-form methods take only {@link Loss#SQUARED}, the loss their head solves
 * @param initialHead      how {@code cf-prox} forms its first last layer on the first batch
 *
 * <p>Serializable, so that a distributed trainer can hand the same configuration to every worker.
 */
public record TrainingConfig(
        Method method,
        int epochs,
        int batchSize,
        double learningRate,
        double ridge,
        double prox,
        double emaRate,
        OptimizerKind optimizer,
        double momentum,
        UpdateOrder updateOrder,
        boolean reuseFeatures,
        int shardRows,
        long seed,
        boolean ridgeOnBias,
        LearningRateSchedule schedule,
        double rlsMemory,
        int slimtikMemory,
        Loss loss,
        InitialHead initialHead) implements java.io.Serializable {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    public TrainingConfig {
        if (method == null) {
            throw new IllegalArgumentException("method must be set; expected one of " + String.join(", ", Method.labels()));
        }
        positive("epochs", epochs);
        positive("batchSize", batchSize);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, got " + learningRate);
        }
        nonNegative("ridge (beta)", ridge);
        nonNegative("prox (lambda)", prox);
        if (!(emaRate > 0 && emaRate <= 1)) {
            throw new IllegalArgumentException("emaRate must be in (0, 1], got " + emaRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (shardRows < 0) {
            throw new IllegalArgumentException("shardRows must be >= 0 (0 = no sharding), got " + shardRows);
        }
        if (!(rlsMemory >= 1) || !Double.isFinite(rlsMemory)) {
            throw new IllegalArgumentException("rlsMemory (cf-rls memory in batches) must be a finite number >= 1, got " + rlsMemory);
        }
        if (slimtikMemory < 0) {
            throw new IllegalArgumentException("slimtikMemory (slimtik memory depth r) must be >= 0, got " + slimtikMemory);
        }

        if (optimizer == null || updateOrder == null || schedule == null || loss == null || initialHead == null) {
            throw new IllegalArgumentException("optimizer, updateOrder, schedule, loss and initialHead must be set");
        }
        if (loss != Loss.SQUARED && method != Method.SGD && method != Method.ADAM && method != Method.REFIT) {
            throw new IllegalArgumentException("loss " + loss.label() + " applies to the jointly trained methods sgd, adam and "
                    + "refit, not to " + method.label() + (method.closedForm() ? ", whose closed-form head solves the squared loss"
                    : ", which trains its own loss"));
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
    }

    /**
     * What a checkpoint must match to be resumed: everything but {@code epochs}, the one field a
     * resumed run may change (to extend a finished or interrupted run).
     */
    public String resumeKey() {
        // a schedule over the run's length (cosine) differs for a longer run: then epochs must match too
        String key = schedule.dependsOnLength() ? toString() : toBuilder().optEpochs(1).build().toString().replace("epochs=1, ", "");
        for (String field : asBeforeItExisted()) { // so checkpoints written before the field existed still resume
            key = key.replaceFirst(", " + field + "=[^,\\]]*", "");
        }
        return key;
    }

    /**
     * The fields added after runs were first recorded whose value is the behaviour those runs had (the squared
     * loss; the ridge initial head): a record or checkpoint that leaves them out describes the same run.
     */
    public List<String> asBeforeItExisted() {
        List<String> fields = new ArrayList<>();
        if (loss == Loss.SQUARED) {
            fields.add("loss");
        }
        if (initialHead == InitialHead.RIDGE) {
            fields.add("initialHead");
        }
        return fields;
    }

    /**
     * Default memory of {@code cf-rls}, in batches: one epoch of the default comparison (2048 rows, batch 32).
     * On Friedman #1 (3 seeds) memories of 2, 4 and 16 batches gave test MSE 3.43, 3.47 and 2.88, 64 gave 2.08.
     */
    public static final double DEFAULT_RLS_MEMORY = 64;

    public static Builder builder() {
        return new Builder(TrainingDefaults.GENERIC);
    }

    /** A builder whose unset epochs, batch size and learning rate come from {@code defaults} (e.g. a task's). */
    public static Builder builder(TrainingDefaults defaults) {
        return new Builder(defaults);
    }

    public Builder toBuilder() {
        return new Builder(TrainingDefaults.GENERIC).setMethod(method).optEpochs(epochs).optBatchSize(batchSize)
                .optLearningRate(learningRate).optRidge(ridge).optProx(prox).optEmaRate(emaRate)
                .optOptimizer(optimizer).optMomentum(momentum).optUpdateOrder(updateOrder)
                .optReuseFeatures(reuseFeatures).optShardRows(shardRows).optSeed(seed).optRidgeOnBias(ridgeOnBias)
                .optSchedule(schedule).optRlsMemory(rlsMemory).optSlimtikMemory(slimtikMemory).optLoss(loss)
                .optInitialHead(initialHead);
    }

    /** Builder: {@code setMethod} is required, every {@code optX} has a default. */
    public static final class Builder {
        private final TrainingDefaults defaults;
        private Method method;
        private int epochs;
        private int batchSize;
        private Double learningRate;
        private double ridge = 1e-3;
        private double prox = 1.0;
        private double emaRate = 0.1;
        private OptimizerKind optimizer;
        private double momentum = 0.9;
        private UpdateOrder updateOrder = UpdateOrder.BACKBONE_FIRST;
        private boolean reuseFeatures;
        private int shardRows;
        private long seed = 1;
        private boolean ridgeOnBias = true;
        private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
        private double rlsMemory = DEFAULT_RLS_MEMORY;
        private int slimtikMemory;
        private Loss loss = Loss.SQUARED;
        private InitialHead initialHead = InitialHead.RIDGE;

        private Builder(TrainingDefaults defaults) {
            this.defaults = defaults;
            this.epochs = defaults.epochs();
            this.batchSize = defaults.batchSize();
        }

        /** An independent copy of this builder's current values (sweeps derive each cell from one template). */
        public Builder copy() {
            Builder b = new Builder(defaults);
            b.method = method;
            b.epochs = epochs;
            b.batchSize = batchSize;
            b.learningRate = learningRate;
            b.ridge = ridge;
            b.prox = prox;
            b.emaRate = emaRate;
            b.optimizer = optimizer;
            b.momentum = momentum;
            b.updateOrder = updateOrder;
            b.reuseFeatures = reuseFeatures;
            b.shardRows = shardRows;
            b.seed = seed;
            b.ridgeOnBias = ridgeOnBias;
            b.schedule = schedule;
            b.rlsMemory = rlsMemory;
            b.slimtikMemory = slimtikMemory;
            b.loss = loss;
            b.initialHead = initialHead;
            return b;
        }

        /** The method by its label, e.g. {@code "cf-prox"} (case and blanks ignored). */
        public Builder setMethod(String label) { this.method = Method.parse(label); return this; }
        public Builder setMethod(Method method) { this.method = method; return this; }
        public Builder optEpochs(int v) { epochs = v; return this; }
        public Builder optBatchSize(int v) { batchSize = v; return this; }
        public Builder optLearningRate(double v) { learningRate = v; return this; }
        public Builder optRidge(double v) { ridge = v; return this; }
        public Builder optProx(double v) { prox = v; return this; }
        public Builder optEmaRate(double v) { emaRate = v; return this; }
        public Builder optOptimizer(OptimizerKind v) { optimizer = v; return this; }
        public Builder optMomentum(double v) { momentum = v; return this; }
        public Builder optUpdateOrder(UpdateOrder v) { updateOrder = v; return this; }
        public Builder optReuseFeatures(boolean v) { reuseFeatures = v; return this; }
        public Builder optShardRows(int v) { shardRows = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }
        public Builder optRidgeOnBias(boolean v) { ridgeOnBias = v; return this; }
        public Builder optSchedule(LearningRateSchedule v) { schedule = v; return this; }
        public Builder optRlsMemory(double v) { rlsMemory = v; return this; }
        public Builder optSlimtikMemory(int v) { slimtikMemory = v; return this; }
        /** The data term of {@code sgd}, {@code adam} and {@code refit} (default {@link Loss#SQUARED}). */
        public Builder optLoss(Loss v) { loss = v; return this; }
        /** How {@code cf-prox} forms its first last layer (default {@link InitialHead#RIDGE}). */
        public Builder optInitialHead(InitialHead v) { initialHead = v; return this; }

        /**
         * Optimiser and learning rate default per method: Adam for {@code adam}, else SGD, at the
         * defaults' step size for that optimiser (generic: Adam 1e-3, SGD 1e-2).
         */
        public TrainingConfig build() {
            if (method == null) {
                throw new IllegalArgumentException("method must be set; expected one of " + String.join(", ", Method.labels()));
            }
            OptimizerKind opt = optimizer != null ? optimizer : method.defaultOptimizer();
            double lr = learningRate != null ? learningRate : defaults.learningRate(opt);
            return new TrainingConfig(method, epochs, batchSize, lr, ridge, prox, emaRate, opt, momentum,
                    updateOrder, reuseFeatures, shardRows, seed, ridgeOnBias, schedule, rlsMemory, slimtikMemory, loss,
                    initialHead);
        }
    }
}
