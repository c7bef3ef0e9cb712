package dev.closedform.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.closedform.data.RegressionData;
import dev.closedform.engine.EngineSettings;
import dev.closedform.engine.GraphScalars;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramPrecision;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.NotPositiveDefiniteException;
import dev.closedform.model.LastLayerModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The one training loop (the paper's Algorithm 1 and its variants, docs/methods.md). A method only decides how the
 * last layer moves ({@link LastLayerRule}); batching, gradient steps, evaluation, timing and
 * checkpoints live here once.
 *
 * <p>Pointwise models (a neural operator, {@code Backbone.pointsPerSample() = P > 1}): a data row
 * is one sampled field (x: P inputs, y: P outputs); the backbone turns a batch of n fields into
 * n P feature rows and the targets are reshaped to (n P, 1), so the head's rows are (sample, grid
 * point) pairs. The loss and the head's data term are then means over the n P head rows
 * ({@code (1/(nP)) sum ||y - f(x)||^2}), and so is the reported training loss.
 *
 * <p>Each step is a sum over shards of its batch: the loss is scaled by {@code 1/n} per shard and
 * gradients accumulate across shards; the head's Gram statistics are sums too. Every step runs in
 * its own {@link NDScope}, so native memory stays flat over long runs.
 *
 * <p>Data parallel ({@link #optCollective}): each worker runs this loop on a replica and takes a
 * contiguous share of every step's shards; gradients, losses and statistics are summed over the
 * workers before the update and the solve, so W workers with shards of B/W rows give the same run as
 * one process with {@code shardRows = B/W}. Evaluation chunks are split over the workers too.
 */
public final class TrainingLoop {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private static final int EVAL_CHUNK_ROWS = 4096;
    /**
     * Input floats per evaluation chunk: wide inputs (images) get smaller chunks, because a CNN's
     * activations are tens of thousands of floats per image and 4096-image chunks (400 MB per layer)
     * made evaluation memory-bound, slower per image than training.
     */
    private static final int EVAL_CHUNK_INPUT_FLOATS = 1 << 18;
    /** Pointwise (operator) models: head rows per evaluation chunk, i.e. samples x grid points. */
    private static final int EVAL_CHUNK_HEAD_ROWS = 32768;
    /**
     * A system that is singular although features grew this much since the first solve of the run
     * has diverged: the regularisation did not get smaller, the features exploded.
     */
    private static final double DIVERGED_FEATURE_GROWTH = 1e3;

    /** Checkpoint state: the gradient-trained head before a final refit replaced it. */
    private static final String TRAINED_HEAD = "trained_head";
    /** Checkpoint state: the prefix of what the method's rule carries ({@link LastLayerRule#state()}). */
    private static final String RULE_STATE = "rule.";

    private final TrainingConfig config;
    /** A fresh rule per fit: some rules carry state between steps. */
    private LastLayerRule rule;
    private TrainingListener listener = TrainingListener.NONE;
    private CheckpointStore checkpoints;
    private GramPrecision statisticsPrecision = GramPrecision.FLOAT32_CHUNKS;
    private Collective collective;

    public TrainingLoop(TrainingConfig config) {
        this.config = config;
        this.rule = Methods.rule(config);
    }

    /**
     * How the engine forms the head's statistics on every step. Default {@link GramPrecision#FLOAT32_CHUNKS}:
     * float32 products over chunks of rows summed in float64, within a few millionths of the float64 product
     * at a third of its cost, and float64 statistics instead for any solve too close to singular for that
     * ({@link GramPrecision#FLOAT32_MIN_RELATIVE_PIVOT}: e.g. a small ridge without proximal term on nearly
     * collinear features, which then forms its statistics twice); {@link GramPrecision#FLOAT64} always.
     * The final refit of {@code refit} is always float64.
     */
    public TrainingLoop optStatisticsPrecision(GramPrecision precision) {
        this.statisticsPrecision = precision;
        return this;
    }

    public TrainingLoop optListener(TrainingListener listener) {
        this.listener = listener;
        return this;
    }

    /** Save after every epoch and resume from the store's checkpoint when it has one. */
    public TrainingLoop optCheckpoints(CheckpointStore store) {
        this.checkpoints = store;
        return this;
    }

    /**
     * Trains as one worker of a synchronous data-parallel run (default: alone). Every worker must
     * see the same data, configuration and seed.
     */
    public TrainingLoop optCollective(Collective collective) {
        this.collective = collective;
        return this;
    }

    /**
     * Refuses data the model or method cannot train on (shapes, {@code ce} on one output), as
     * {@link #fit} would, so a caller can check before it writes anything.
     */
    public void validate(LastLayerModel model, RegressionData train, RegressionData test) {
        checkShapes(model, train, "training");
        checkShapes(model, test, "test");
        rule = Methods.rule(config);
        rule.checkOutputs(model.outputDim());
    }

    /**
     * Refuses a checkpoint this loop could not resume for {@code model}: another configuration
     * (anything but the number of epochs), more epochs than configured, other parameters.
     */
    public void validateCheckpoint(LastLayerModel model, Checkpoint c) {
        if (!c.configKey().equals(config.resumeKey())) {
            throw new IllegalArgumentException("the checkpoint belongs to a run with another configuration ("
                    + ConfigDifference.describe(c.configKey(), config.resumeKey())
                    + "); only the number of epochs may change when resuming");
        }
        if (c.epochsDone() > config.epochs()) {
            throw new IllegalArgumentException("the checkpoint has " + c.epochsDone() + " epochs done; "
                    + "a resumed run cannot be shorter (epochs " + config.epochs() + ")");
        }
        for (Map.Entry<String, NDArray> p : model.backboneParameters().entrySet()) {
            float[] values = c.backbone().get(p.getKey());
            if (values == null || values.length != p.getValue().size()) {
                throw new IllegalArgumentException("the checkpoint has no parameter " + p.getKey() + " of "
                        + p.getValue().size() + " values: it belongs to another model");
            }
        }
        if (c.head().length != (long) model.outputDim() * model.headFeatureDim()) {
            throw new IllegalArgumentException("the checkpoint's last layer has " + c.head().length + " values; the model's has "
                    + (long) model.outputDim() * model.headFeatureDim());
        }
    }

    public TrainingResult fit(LastLayerModel model, RegressionData train, RegressionData test, TestMetric metric) {
        validate(model, train, test);
        Run run = new Run(model, train);
        try (NDManager data = NDManager.newBaseManager()) {
            run.data = data;
            List<EpochMetrics> history = new ArrayList<>();
            int firstEpoch = 1;
            Optional<Checkpoint> saved = checkpoints == null ? Optional.empty() : checkpoints.load();
            if (saved.isPresent()) {
                validateCheckpoint(model, saved.get());
                run.restore(saved.get());
                history.addAll(saved.get().metrics());
                firstEpoch = saved.get().epochsDone() + 1;
            } else {
                run.initializeHead();
            }
            int stepsPerEpoch = stepsPerEpoch(config, train.rows());
            listener.onStart(firstEpoch, config.epochs(), stepsPerEpoch);
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                int[] order = rule.fullBatch() ? identity(train.rows()) : shuffled(train.rows(), epoch);
                int batch = rule.fullBatch() ? train.rows() : config.batchSize();
                long start = System.nanoTime();
                for (int s = 0; s * batch < order.length; s++) {
                    int from = s * batch;
                    int to = Math.min(order.length, from + batch);
                    if (!(config.schedule() instanceof LearningRateSchedule.Constant)) {
                        run.optimizer.setLearningRateScale(config.schedule().multiplier(run.steps, stepsPerEpoch,
                                (long) stepsPerEpoch * config.epochs()));
                    }
                    run.step(slice(order, from, to), epoch, s);
                    listener.onStep(epoch, s + 1);
                }
                if (epoch == config.epochs() && rule.refitsAtEnd()) {
                    run.refit();
                }
                run.wallSeconds += (System.nanoTime() - start) / 1e9;
                float[] predictions = run.predict(test); // one evaluation serves the metric and its extras
                EpochMetrics m = new EpochMetrics(epoch, run.steps, run.evaluateLoss(train),
                        metric.compute(predictions, test), run.wallSeconds,
                        metric.extras(rule.targetEstimates(predictions, test.y(), test.rows()), test), rule.epochDiagnostics(),
                        run.headSeconds);
                int finished = epoch;
                rule.warnings().forEach(w -> listener.onWarning("epoch " + finished + ": " + w));
                history.add(m);
                if (checkpoints != null) {
                    checkpoints.save(run.checkpoint(epoch, history));
                }
                listener.onEpoch(m);
            }
            if (firstEpoch > config.epochs() && rule.refitsAtEnd()) {
                run.refit(); // a finished run reloaded: its checkpoint keeps the head from before the refit
            }
            return new TrainingResult(config.method().label(), metric.name(), List.copyOf(history), model.parameterCount());
        }
    }

    /** Optimisation steps in one epoch: one for full-batch methods, else ceil(rows / batch size). */
    public static int stepsPerEpoch(TrainingConfig config, int trainRows) {
        return Methods.rule(config).fullBatch() ? 1 : (trainRows + config.batchSize() - 1) / config.batchSize();
    }

    private static void checkShapes(LastLayerModel model, RegressionData d, String split) {
        int points = model.backbone().pointsPerSample();
        if (d.inputDim() != model.backbone().inputDim() || d.outputDim() != model.outputDim() * points) {
            throw new IllegalArgumentException("the " + split + " data has " + d.inputDim() + " inputs and "
                    + d.outputDim() + " outputs; the model expects " + model.backbone().inputDim() + " and "
                    + model.outputDim() * points);
        }
        if (d.rows() == 0) {
            throw new IllegalArgumentException("the " + split + " data has no rows");
        }
    }

    private int[] shuffled(int n, int epoch) {
        return batchOrder(config.seed(), n, epoch);
    }

    /** The row order of an epoch: a seeded permutation, a function of seed and epoch only (so resume repeats it). */
    static int[] batchOrder(long seed, int n, int epoch) {
        return BatchOrder.ofEpoch(n, seed, epoch);
    }

    private static int[] identity(int n) {
        return BatchOrder.identity(n);
    }

    private static int[] slice(int[] a, int from, int to) {
        return BatchOrder.slice(a, from, to);
    }

    /** Mutable state of one fit: the model, its optimiser and the current head. */
    private final class Run {
        final LastLayerModel model;
        final RegressionData train;
        final float[] trainX;
        final float[] trainY;
        final List<NDArray> trainable = new ArrayList<>();
        final GradientOptimizer optimizer;
        /** Head rows per data row: 1, or the grid points of an operator's output field. */
        final int points;
        /** Whether the ridge penalty covers the bias column (always true without a bias). */
        final boolean ridgeOnBias;
        /** Data rows per evaluation chunk, shard of a full-batch pass or refit. */
        final int chunkRows;
        /** How the engine rounds the head's statistics of a step ({@link GramPrecision}). */
        final GramPrecision precision;
        NDManager data;
        DenseMatrix head;
        /** The gradient-trained head before a final refit replaced it, else null. */
        DenseMatrix trainedHead;
        long steps;
        double wallSeconds;
        /** Largest |feature| at the run's first solve (0 before it): the scale divergence is measured against. */
        double firstFeatureScale;
        /** Part of {@link #wallSeconds} spent in head updates (cumulative; NaN once resumed from a checkpoint without it). */
        double headSeconds;

        Run(LastLayerModel model, RegressionData train) {
            this.model = model;
            this.train = train;
            // RegressionData hands out copies: take them once, not per step
            this.trainX = train.x();
            this.trainY = train.y();
            this.points = model.backbone().pointsPerSample();
            this.precision = statisticsPrecision;
            this.ridgeOnBias = config.ridgeOnBias() || !model.hasBias();
            this.chunkRows = points == 1
                    ? Math.max(64, Math.min(EVAL_CHUNK_ROWS, EVAL_CHUNK_INPUT_FLOATS / model.backbone().inputDim()))
                    : Math.max(1, EVAL_CHUNK_HEAD_ROWS / points);
            trainable.addAll(model.trainableBackboneParameters().values());
            if (rule.trainedByGradient()) {
                NDArray w = model.headTransposed();
                w.setRequiresGradient(true);
                trainable.add(w);
            }
            optimizer = GradientOptimizer.create(config.optimizer(), config.learningRate(), config.momentum(), trainable);
        }

        /** Joint methods: PyTorch's Linear init, U(-1/sqrt(d), 1/sqrt(d)). Closed-form methods: W_0 = ridge on the first batch. */
        void initializeHead() {
            if (rule.trainedByGradient()) {
                Random random = new Random(config.seed());
                DenseMatrix w = DenseMatrix.zeros(model.outputDim(), model.headFeatureDim());
                double bound = 1 / Math.sqrt(model.backbone().featureDim());
                for (int o = 0; o < w.rows(); o++) {
                    for (int j = 0; j < w.cols(); j++) {
                        w.set(o, j, (2 * random.nextDouble() - 1) * bound);
                    }
                }
                setHead(w);
            } else if (!rule.fullBatch()) {
                try (NDScope ignored = new NDScope()) {
                    model.reseed(0, 0);
                    int[] first = slice(shuffled(train.rows(), 1), 0, Math.min(train.rows(), config.batchSize()));
                    setHead(solve(forwardWithoutGradient(shards(first, shardSize(first.length))), null,
                            "at the initial solve (epoch 1, first batch)"));
                }
            }
        }

        void setHead(DenseMatrix w) {
            head = w;
            model.setHead(w);
        }

        /** One optimisation step on {@code rows}, the {@code stepInEpoch}-th (0-based) batch of {@code epoch}. */
        void step(int[] rows, int epoch, int stepInEpoch) {
            model.reseed(epoch, stepInEpoch); // augmentation draws depend on the position only: resume repeats them
            try (NDScope ignored = new NDScope()) {
                listener.onPhase(StepPhase.BACKBONE_STEP);
                List<NDArray[]> shards = shards(rows, shardSize(rows.length));
                boolean solveFirst = !rule.trainedByGradient()
                        && (rule.fullBatch() || config.updateOrder() == UpdateOrder.LAST_LAYER_FIRST);
                String where = "at epoch " + epoch + ", step " + (stepInEpoch + 1);
                boolean pooled = shards.size() > 1 || collective != null;
                if (solveFirst && pooled) {
                    solveHead(forwardWithoutGradient(shards), where);
                    listener.onPhase(StepPhase.BACKBONE_STEP);
                }
                List<NDArray> preStepFeatures = new ArrayList<>();
                double loss = 0;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    for (NDArray[] shard : shards) {
                        NDArray features = model.features(shard[0], true);
                        if (solveFirst && !pooled) {
                            solveHead(new HeadBatch(List.of(features.stopGradient()), List.of(shard[1]), ridgeOnBias, precision), where);
                            listener.onPhase(StepPhase.BACKBONE_STEP);
                        }
                        if (config.reuseFeatures()) {
                            preStepFeatures.add(features.stopGradient());
                        }
                        NDArray shardLoss = GraphScalars.dividedBy(rule.lossSum(model.predict(features), shard[1], points),
                                (double) rows.length * points);
                        if (rule.trainedByGradient() && config.ridge() > 0) {
                            double share = config.ridge() * shard[0].getShape().get(0) / rows.length;
                            NDArray penalised = ridgeOnBias ? model.headTransposed()
                                    : model.headTransposed().get(new NDIndex("0:" + model.backbone().featureDim())); // bias is the last row
                            shardLoss = shardLoss.add(GraphScalars.times(penalised.square().sum(), share));
                        }
                        loss += shardLoss.getFloat();
                        if (!trainable.isEmpty()) { // e.g. cf-full on a linear model: nothing needs a gradient, and
                            collector.backward(shardLoss); // PyTorch refuses backward() on a graph without one
                        }
                    }
                }
                if (collective != null) {
                    double[] total = {loss};
                    collective.sumInPlace(total);
                    loss = total[0];
                }
                if (!Double.isFinite(loss)) {
                    throw diverged(where, "the loss became " + loss);
                }
                if (!trainable.isEmpty()) {
                    if (collective != null) {
                        WorkerSums.gradients(collective, trainable);
                    }
                    optimizer.update(trainable);
                }
                if (!rule.trainedByGradient() && !solveFirst) {
                    HeadBatch batch = config.reuseFeatures()
                            ? pooled(preStepFeatures.isEmpty() ? null : new HeadBatch(preStepFeatures, targetsOf(shards), ridgeOnBias, precision))
                            : forwardWithoutGradient(shards);
                    solveHead(batch, where);
                    listener.onPhase(StepPhase.BACKBONE_STEP); // releasing the step's arrays is the step's own cost
                }
                steps++;
            }
        }

        /** The rule's new last layer from {@code batch} ({@link #solve checked}), statistics and solve reported as their own phases. */
        void solveHead(HeadBatch batch, String where) {
            long start = System.nanoTime(); // the closed form's own time: statistics, solve, copies
            listener.onPhase(StepPhase.STATISTICS);
            if (batch.solvesFromStatistics()) {
                batch.formStatistics();
            }
            listener.onPhase(StepPhase.SOLVE);
            setHead(solve(batch, head, where));
            headSeconds += (System.nanoTime() - start) / 1e9;
        }

        /** Exact ridge solve on the whole training set with the final backbone ({@code refit}). */
        void refit() {
            trainedHead = model.head(); // what a longer run continues from (the checkpoint keeps it beside the refit)
            try (NDScope ignored = new NDScope()) {
                List<NDArray[]> shards = shards(identity(train.rows()), config.shardRows() > 0 ? config.shardRows() : chunkRows);
                // once per run: float64 even for an operator's many rows
                HeadBatch batch = forwardWithoutGradient(shards, GramPrecision.FLOAT64);
                long start = System.nanoTime();
                setHead(checked(batch, () -> batch.solve(0, config.ridge(), null), "at the final refit"));
                headSeconds += (System.nanoTime() - start) / 1e9;
            }
        }

        /** The rule's new head from {@code batch}, {@link #checked checked}. */
        DenseMatrix solve(HeadBatch batch, DenseMatrix previous, String where) {
            return checked(batch, () -> rule.update(batch, previous), where);
        }

        /**
         * A solve on {@code batch}, after checking its features: non-finite features, or a singular system
         * after the features grew by {@link #DIVERGED_FEATURE_GROWTH}, mean the run diverged; any other
         * singular system names the options that regularise it.
         */
        DenseMatrix checked(HeadBatch batch, Supplier<DenseMatrix> solve, String where) {
            if (!FeatureScale.finite(batch)) { // the scale itself only for the first solve and on failure
                throw diverged(where, "the last layer's features became " + FeatureScale.maxAbs(batch));
            }
            if (firstFeatureScale == 0) {
                firstFeatureScale = FeatureScale.maxAbs(batch);
            }
            try {
                return solve.get();
            } catch (NotPositiveDefiniteException e) {
                double scale = FeatureScale.maxAbs(batch);
                if (scale > DIVERGED_FEATURE_GROWTH * firstFeatureScale) {
                    throw diverged(where, String.format(Locale.ROOT,
                            "the last layer's features grew from %.3g to %.3g and their system became singular", firstFeatureScale, scale));
                }
                // every cf-prox solve can take lambda, its first too where the ridge alone is singular (Methods)
                boolean proxHelps = config.method() == Method.CF_PROX;
                throw new NotPositiveDefiniteException("the last layer's system " + where + " is singular for ridge (beta) = "
                        + config.ridge() + (proxHelps ? " and prox (lambda) = " + config.prox() : "")
                        + " (rank-deficient features): raise ridge (beta)" + (proxHelps ? " or prox (lambda)" : ""),
                        e.pivotIndex(), e.pivotValue(), e.size());
            }
        }

        TrainingDivergedException diverged(String where, String what) {
            // a first epoch thrown off by the nearly unregularised ridge start (docs/methods.md, "The first last layer")
            boolean early = config.method().readsInitialHead() && config.initialHead() == InitialHead.RIDGE
                    && steps < stepsPerEpoch(config, train.rows());
            return new TrainingDivergedException("diverged " + where + ": " + what + " (method " + config.method()
                    + ", learning rate " + config.learningRate() + "): lower the learning rate"
                    + (early ? " or start from the proximal initial head" : ""));
        }

        /**
         * Features without a graph: the second forward pass of backbone-first methods (and the
         * initial solve). Training mode, but BatchNorm running statistics are left as they were:
         * only the gradient pass of a step moves them.
         */
        HeadBatch forwardWithoutGradient(List<NDArray[]> shards) {
            return forwardWithoutGradient(shards, precision);
        }

        /** As {@link #forwardWithoutGradient(List)}, with statistics at {@code statisticsPrecision}. */
        HeadBatch forwardWithoutGradient(List<NDArray[]> shards, GramPrecision statisticsPrecision) {
            listener.onPhase(StepPhase.SECOND_FORWARD);
            List<NDArray> joints = new ArrayList<>(); // [phi, 1, y]: features and targets in one copy
            for (NDArray[] shard : shards) {
                joints.add(model.jointKeepingStatistics(shard[0], shard[1]));
            }
            if (joints.isEmpty()) { // a worker without a share of this batch
                return pooled(null);
            }
            return pooled(HeadBatch.ofJoint(joints, model.headFeatureDim(), ridgeOnBias, statisticsPrecision));
        }

        /** {@code local}, this worker's shards (null: none); with other workers, the statistics summed over all of them. */
        HeadBatch pooled(HeadBatch local) {
            if (collective == null) {
                return local;
            }
            GramStatistics sums = local == null ? empty() : local.formStatistics().copy();
            GramPrecision formed = local == null ? precision : local.precision();
            return HeadBatch.ofStatistics(WorkerSums.statistics(collective, sums), ridgeOnBias, formed,
                    () -> WorkerSums.statistics(collective, local == null ? empty() : local.exactStatistics()));
        }

        GramStatistics empty() {
            return GramStatistics.empty(model.headFeatureDim(), model.outputDim());
        }

        List<NDArray> targetsOf(List<NDArray[]> shards) {
            List<NDArray> targets = new ArrayList<>();
            for (NDArray[] shard : shards) {
                targets.add(shard[1]);
            }
            return targets;
        }

        /** Rows per shard of a step of {@code rows} rows. */
        int shardSize(int rows) {
            if (config.shardRows() > 0) {
                return config.shardRows();
            }
            return rule.fullBatch() ? chunkRows : rows;
        }

        /** The shards of {@code size} rows that this worker takes: all, or its contiguous share of them. */
        List<NDArray[]> shards(int[] rows, int size) {
            int count = (rows.length + size - 1) / size;
            int first = 0;
            int end = count;
            if (collective != null) {
                first = (int) ((long) count * collective.rank() / collective.workers());
                end = (int) ((long) count * (collective.rank() + 1) / collective.workers());
            }
            List<NDArray[]> out = new ArrayList<>();
            for (int i = first; i < end; i++) {
                out.add(tensors(slice(rows, i * size, Math.min(rows.length, (i + 1) * size))));
            }
            return out;
        }

        NDArray[] tensors(int[] rows) {
            float[] x = gather(trainX, train.inputDim(), rows);
            float[] y = gather(trainY, train.outputDim(), rows);
            return new NDArray[] {
                data.create(x, new Shape(rows.length, train.inputDim())),
                // pointwise models: one target row per (sample, grid point), like the features
                data.create(y, new Shape((long) rows.length * points, model.outputDim()))
            };
        }

        double evaluateLoss(RegressionData d) {
            return rule.meanLoss(predict(d), d == train ? trainY : d.y(), d.rows() * points, points);
        }

        /** Predictions in training units, evaluation mode, in chunks. */
        float[] predict(RegressionData d) {
            float[] out = new float[d.rows() * d.outputDim()];
            float[] inputs = d == train ? trainX : d.x();
            for (int from = 0; from < d.rows(); from += chunkRows) {
                if (collective != null && (from / chunkRows) % collective.workers() != collective.rank()) {
                    continue; // another worker's chunk: its predictions arrive in the sum below (x + 0 = x)
                }
                int to = Math.min(d.rows(), from + chunkRows);
                try (NDScope ignored = new NDScope()) {
                    int[] rows = new int[to - from];
                    for (int i = 0; i < rows.length; i++) {
                        rows[i] = from + i;
                    }
                    NDArray x = data.create(gather(inputs, d.inputDim(), rows), new Shape(rows.length, d.inputDim()));
                    float[] p = model.predict(model.features(x, false)).toFloatArray();
                    System.arraycopy(p, 0, out, from * d.outputDim(), p.length);
                }
            }
            if (collective != null) {
                collective.sumInPlace(out);
            }
            return out;
        }

        Checkpoint checkpoint(int epoch, List<EpochMetrics> history) {
            Map<String, float[]> backbone = new java.util.LinkedHashMap<>();
            model.backboneParameters().forEach((k, v) -> backbone.put(k, v.toFloatArray()));
            List<float[]> state = new ArrayList<>();
            for (NDArray a : optimizer.state()) {
                state.add(a.toFloatArray());
            }
            // Closed-form rules anchor on the double-precision head (W_{t-1} of the prox solve); the model
            // holds it rounded to float32. Save the exact one, or a resumed run drifts from an uninterrupted one.
            double[] w = !rule.trainedByGradient() && head != null ? head.data().clone() : model.head().data().clone();
            // after a final refit, the head the gradient trained is what a longer run continues from
            Map<String, double[]> extra = new java.util.LinkedHashMap<>();
            if (trainedHead != null) {
                extra.put(TRAINED_HEAD, trainedHead.data().clone());
            }
            rule.state().forEach((k, v) -> extra.put(RULE_STATE + k, v));
            return new Checkpoint(config.resumeKey(), epoch, steps, wallSeconds, List.copyOf(history), backbone,
                    w, state, optimizer.updates(), extra);
        }

        void restore(Checkpoint c) {
            for (Map.Entry<String, NDArray> p : model.backboneParameters().entrySet()) {
                float[] values = c.backbone().get(p.getKey());
                if (values == null || values.length != p.getValue().size()) {
                    throw new IllegalStateException("checkpoint has no matching parameter " + p.getKey());
                }
                p.getValue().set(FloatBuffer.wrap(values));
            }
            List<NDArray> state = optimizer.state();
            if (state.size() != c.optimizerState().size()) {
                throw new IllegalStateException("checkpoint optimiser state has " + c.optimizerState().size()
                        + " arrays, expected " + state.size());
            }
            for (int i = 0; i < state.size(); i++) {
                state.get(i).set(FloatBuffer.wrap(c.optimizerState().get(i)));
            }
            optimizer.setUpdates(c.optimizerUpdates());
            double[] w = c.state().getOrDefault(TRAINED_HEAD, c.head());
            setHead(DenseMatrix.of(model.outputDim(), model.headFeatureDim(), w.clone()));
            Map<String, double[]> ruleState = new java.util.LinkedHashMap<>();
            c.state().forEach((k, v) -> {
                if (k.startsWith(RULE_STATE)) {
                    ruleState.put(k.substring(RULE_STATE.length()), v);
                }
            });
            rule.restore(ruleState);
            steps = c.steps();
            wallSeconds = c.wallSeconds();
            headSeconds = c.metrics().isEmpty() ? 0 : c.metrics().get(c.metrics().size() - 1).headSeconds();
        }
    }

    static float[] gather(float[] source, int width, int[] rows) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(source, rows[i] * width, out, i * width, width);
        }
        return out;
    }
}
