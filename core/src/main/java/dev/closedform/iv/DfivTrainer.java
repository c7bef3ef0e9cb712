package dev.closedform.iv;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.closedform.engine.EngineSettings;
import dev.closedform.engine.GraphScalars;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalSolver;
import dev.closedform.head.RecursiveRidge;
import dev.closedform.train.BatchOrder;
import dev.closedform.train.Checkpoint;
import dev.closedform.train.CheckpointStore;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.LearningRateSchedule;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.GradientOptimizer;
import dev.closedform.train.OptimizerKind;
import dev.closedform.train.TrainingDivergedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * The one DFIV training loop; {@link DfivMethod} is the strategy (full batch or mini-batch, ridge, proximal or
 * recursive stage solves, final refit or not).
 *
 * <p>Per batch pair (B1 from the stage-1 rows, B2 from the stage-2 rows; full batch: the two whole halves), as the
 * original DFIV code (Xu et al. 2021): {@code stage1Iters} instrument-net steps on B1 (instrument net in training
 * mode); then {@code covariateIters} covariate-net steps on the stage-2 loss (covariate net in training mode, the
 * treatment and instrument features fixed); then {@code stage2Iters} treatment-net steps on the stage-2 loss
 * (instrument and covariate nets in evaluation mode). Each net has its own Adam. Each step first solves its stage in
 * closed form on the current features (without gradient tracking), then takes one Adam step on the stage's loss
 * with those weights held constant (one forward pass per step, so BatchNorm statistics are updated once);
 * {@link DfivConfig#backboneFirst()} reverses that (step with the previous weights, then re-solve). Every solve of
 * a batch pair pulls towards the weights before the pair ({@code Vprev}, {@code uprev} below), or, for cf-rls,
 * pools the statistics of the batches before it.
 *
 * <p><b>Gradients, and why no inverse is differentiated.</b>
 * <ul>
 *   <li>Stage 1: {@code L1(V, theta_Z) = (1/b) ||psi(X1) - [phi(Z1), 1] V^T||^2 + beta1 ||V||^2} (+ the proximal term).
 *       V minimises it, so by the envelope theorem the gradient in theta_Z is the partial one with V held constant.</li>
 *   <li>Stage 2 (treatment steps; the covariate steps are the same with psi(X1) fixed): the stage-1 solve {@code V(psi) = (psi(X1)^T Phi1 / b + lambda Vprev) A^{-1}},
 *       {@code A = Phi1^T Phi1 / b + (lambda + beta1) I}, is <i>affine</i> in the treatment features psi(X1), and A depends
 *       only on the instrument net, which stage 2 does not train (its features are computed in evaluation mode
 *       without a graph). So {@code V^T = M psi(X1) + C} with constants {@code M = A^{-1} Phi1^T / b},
 *       {@code C = lambda A^{-1} Vprev^T}, computed in double on the JVM ({@link Stage1Map}); autograd differentiates only the product
 *       {@code M psi(X1)}. The stage-2 weights u minimise {@code L2(u) = (1/b) ||y2 - F u^T||^2 + beta2 ||u||^2} with
 *       {@code F = [Phi2 V^T, 1] (x) [gamma(W2), 1]}, so the envelope theorem again lets u be a constant.
 *       The resulting gradient equals the total derivative of the profiled loss {@code L2(u*(theta), theta)}
 *       (checked against finite differences in DfivGradientTest).</li>
 * </ul>
 */
public final class DfivTrainer {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private DfivTrainer() {
    }

    /** Result of one run: the fitted model, per-epoch metrics, and (for refit methods) the metric before the refit. */
    public record Result(DfivModel model, List<EpochMetrics> curve, double metricBeforeRefit, double wallSeconds,
                         StepCounts steps, double wallBeforeRefit) {
        public double finalMetric() {
            return curve.isEmpty() ? Double.NaN : curve.get(curve.size() - 1).testMetric();
        }

        /**
         * A mini-batch refit run read before its refit: exactly the result of the same run without the refit
         * ({@code dfiv-batch} from {@code dfiv-batch-refit}); the model is not kept (null).
         */
        public Result beforeRefit() {
            if (Double.isNaN(metricBeforeRefit)) {
                throw new IllegalStateException("not a mini-batch refit run with a metric");
            }
            List<EpochMetrics> c = new ArrayList<>(curve);
            EpochMetrics last = c.remove(c.size() - 1);
            c.add(last.withTestMetric(metricBeforeRefit, wallBeforeRefit));
            return new Result(null, c, Double.NaN, wallBeforeRefit, steps, wallBeforeRefit);
        }
    }

    /** Optimiser steps taken by each network over the whole run. */
    public record StepCounts(long instrument, long covariate, long treatment) {
    }

    /** Stage-1 and stage-2 row indices: a seeded 50/50 split, or all rows in both stages. */
    public static int[][] split(int n, boolean half, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (!half) {
            return new int[][] {all, all.clone()};
        }
        BatchOrder.shuffle(all, new Random(seed ^ 0x5EEDL));
        int n1 = n / 2;
        int[] a = new int[n1];
        int[] b = new int[n - n1];
        System.arraycopy(all, 0, a, 0, n1);
        System.arraycopy(all, n1, b, 0, n - n1);
        java.util.Arrays.sort(a);
        java.util.Arrays.sort(b);
        return new int[][] {a, b};
    }

    /**
     * Trains and returns the fitted model (caller closes it).
     *
     * @param metric test metric of a model (e.g. grid MSE), evaluated after every epoch; null for none
     */
    public static Result train(IvData data, DfivConfig config, ToDoubleFunction<DfivModel> metric) {
        return train(data, config, metric, TrainingListener.NONE, null);
    }

    /**
     * As {@link #train(IvData, DfivConfig, ToDoubleFunction)}, reporting to {@code listener} (a step is a batch
     * pair) and saving a checkpoint after every epoch to {@code store} (null: none); a store that holds a
     * checkpoint of this configuration is resumed from, to the same result as an uninterrupted run.
     */
    public static Result train(IvData data, DfivConfig config, ToDoubleFunction<DfivModel> metric, TrainingListener listener,
            CheckpointStore store) {
        int[][] halves = split(data.rows(), config.splitHalf(), config.seed());
        IvData d1 = data.subset(halves[0]);
        IvData d2 = data.subset(halves[1]);
        NDManager manager = NDManager.newBaseManager();
        try {
            Run run = new Run(manager, d1, d2, data, config);
            return run.execute(metric, listener, store);
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    /** Exact closed-form fit of both stages on the given halves with fixed networks (double precision). */
    static DfivModel exactFit(DfivModel nets, IvData d1, IvData d2, DfivConfig config) {
        NDManager m = nets.manager();
        DenseMatrix phi1 = Stages.withOnes(nets.instrument().eval(d1.instruments(), m));
        DenseMatrix psi1 = nets.treatment().eval(d1.treatment(), m);
        DenseMatrix v = Stages.solve(phi1, psi1, 0, config.ridge1(), null);
        DenseMatrix phi2 = Stages.withOnes(nets.instrument().eval(d2.instruments(), m));
        DenseMatrix psiHat = Stages.apply(phi2, v);
        DenseMatrix gamma = nets.covariate() == null ? null : nets.covariate().eval(d2.covariates(), m);
        DenseMatrix f = Stages.stage2Features(psiHat, gamma);
        DenseMatrix u = Stages.solve(f, Stages.column(d2.outcome()), 0, config.ridge2(), null);
        return nets.withStages(v, u);
    }


    static final class Run {
        final NDManager manager;
        final IvData d1;
        final IvData d2;
        final DfivConfig config;
        final DfivMethod method;
        final FeatureNet treatment;
        final FeatureNet instrument;
        final FeatureNet covariate;
        final List<NDArray> stage1Params;
        final List<NDArray> treatmentParams;
        final List<NDArray> covariateParams;
        /** Treatment and covariate parameters: everything the stage-2 loss trains. */
        final List<NDArray> stage2Params;
        final GradientOptimizer opt1;
        final GradientOptimizer optTreatment;
        final GradientOptimizer optCovariate;
        final long[] stepCounts = new long[3];
        final NDArray x1;
        final NDArray z1;
        final NDArray z2;
        final NDArray w2;
        final NDArray y2;
        final double lambda;
        final double lambda1;
        /** Ridge of the per-step stage solves (the final exact fit always uses the configured ridge). */
        final double ridge1;
        final double ridge2;
        /** Step with the previous stage weights, then re-solve (see {@link DfivConfig#backboneFirst()}). */
        final boolean backboneFirst;
        /** Proximal pull in the batch's feature scales (see {@link DfivConfig#scaledProx()}). */
        final boolean scaledProx;
        DenseMatrix v;
        DenseMatrix u;
        /** Stage weights before the current batch pair: the proximal anchors W_{t-1}. */
        DenseMatrix v0;
        DenseMatrix u0;
        /** The pooled readout ({@link DfivConfig#pooledFinal()}; null: off, the final model has the last weights). */
        final PooledReadout pooled;
        /** How each stage's weights follow a batch (the method's strategies). */
        final StageUpdate stage1;
        final StageUpdate stage2;
        /** Saves and restores this run's state at epoch boundaries. */
        final DfivCheckpoints checkpoints = new DfivCheckpoints(this);
        /** Learning-rate multiplier of the current batch pair (the schedule, see {@link DfivConfig#schedule()}). */
        double lrScale = 1;
        /** Where training is (1-based epoch and batch pair), for the message of a divergence. */
        int epoch;
        int batchPair;

        Run(NDManager manager, IvData d1, IvData d2, IvData all, DfivConfig config) {
            this.manager = manager;
            this.d1 = d1;
            this.d2 = d2;
            this.config = config;
            this.method = config.method();
            this.lambda = config.effectiveStage2Prox();
            this.lambda1 = config.effectiveStage1Prox();
            double factor = config.method().fullBatch() ? 1 : config.batchRidgeFactor();
            this.ridge1 = config.ridge1() * factor;
            this.ridge2 = config.ridge2() * factor;
            this.backboneFirst = config.backboneFirst() && !config.method().fullBatch();
            this.scaledProx = config.scaledProx();
            double memory = config.rlsMemory() > 0 ? config.rlsMemory()
                    : Math.max(1, Math.min(d1.rows(), d2.rows()) / config.batchSize());
            pooled = config.pooledFinal() && !config.method().fullBatch()
                    ? new PooledReadout(memory, config.ridge1(), config.ridge2()) : null;
            stage1 = method.stage1(config, ridge1, memory);
            stage2 = method.stage2(config, ridge2, memory);
            Engine.getInstance().setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
            int dx = all.treatment().cols();
            int dz = all.instruments().cols();
            if (config.linear()) {
                treatment = FeatureNet.identity(dx);
                instrument = FeatureNet.identity(dz);
                covariate = all.hasCovariates() ? FeatureNet.identity(all.covariates().cols()) : null;
            } else {
                int[] th = config.treatmentHidden();
                int[] ih = config.instrumentHidden();
                int[] ch = config.covariateHidden();
                treatment = FeatureNet.mlp(manager, dx, th, -1, false, initSeed(config, 1));
                instrument = FeatureNet.mlp(manager, dz, ih, config.instrumentBatchNorm() ? ih.length - 1 : -1, false,
                        initSeed(config, 2));
                covariate = all.hasCovariates() ? FeatureNet.mlp(manager, all.covariates().cols(), ch,
                        config.covariateBatchNorm() && ch.length >= 2 ? ch.length - 2 : -1, true, initSeed(config, 3)) : null;
            }
            stage1Params = instrument.parameters();
            treatmentParams = treatment.parameters();
            covariateParams = covariate == null ? List.of() : covariate.parameters();
            stage2Params = new ArrayList<>(treatmentParams);
            stage2Params.addAll(covariateParams);
            opt1 = adam(stage1Params, config);
            optTreatment = adam(treatmentParams, config);
            optCovariate = adam(covariateParams, config);
            x1 = tensor(d1.treatment());
            z1 = tensor(d1.instruments());
            z2 = tensor(d2.instruments());
            w2 = d2.hasCovariates() ? tensor(d2.covariates()) : null;
            y2 = tensor(Stages.column(d2.outcome()));
        }

        /** One Adam per network, as the original DFIV (each net keeps its own moments). */
        static GradientOptimizer adam(List<NDArray> params, DfivConfig config) {
            return params.isEmpty() ? null : GradientOptimizer.create(OptimizerKind.ADAM, config.learningRate(), 0, params);
        }

        static long initSeed(DfivConfig config, int net) {
            if (!config.torchInit()) {
                return 0;
            }
            long s = config.seed() * 0x9E3779B97F4A7C15L + net;
            return s == 0 ? 1 : s;
        }

        NDArray tensor(DenseMatrix m) {
            float[] f = new float[m.data().length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) m.data()[i];
            }
            return manager.create(f, new Shape(m.rows(), m.cols()));
        }

        /** The model as it stands: the last stage weights, or the pooled ones ({@link DfivConfig#pooledFinal()}). */
        DfivModel current() {
            DfivModel last = new DfivModel(manager, treatment, instrument, covariate, v, u);
            DfivModel pooledModel = pooled == null ? null : pooled.model(last);
            return pooledModel != null ? pooledModel : last;
        }

        Result execute(ToDoubleFunction<DfivModel> metric) {
            return execute(metric, TrainingListener.NONE, null);
        }

        /**
         * Trains for the configured epochs (continuing from {@code store}'s checkpoint when it has one), then
         * refits or reads out the final model.
         */
        Result execute(ToDoubleFunction<DfivModel> metric, TrainingListener listener, CheckpointStore store) {
            long start = System.nanoTime();
            double wallBefore = 0; // training time of the epochs a resumed run had done before
            List<EpochMetrics> curve = new ArrayList<>();
            boolean trains = opt1 != null || optTreatment != null || optCovariate != null;
            long steps = 0;
            if (trains) {
                Random order = new Random(config.seed());
                int n1 = d1.rows();
                int n2 = d2.rows();
                int batch = method.fullBatch() ? Math.max(n1, n2) : config.batchSize();
                int batches = method.fullBatch() ? 1 : Math.max(1, Math.min(n1, n2) / batch);
                long total = (long) config.epochs() * batches;
                int[] p1 = BatchOrder.identity(n1);
                int[] p2 = BatchOrder.identity(n2);
                int firstEpoch = 1;
                Optional<Checkpoint> saved = store == null ? Optional.empty() : store.load();
                if (saved.isPresent()) {
                    Checkpoint c = saved.get();
                    checkpoints.restore(c);
                    curve.addAll(c.metrics());
                    steps = c.steps();
                    wallBefore = c.wallSeconds();
                    firstEpoch = c.epochsDone() + 1;
                    for (int e = 1; e < firstEpoch && !method.fullBatch(); e++) { // the batch order so far
                        BatchOrder.shuffle(p1, order);
                        BatchOrder.shuffle(p2, order);
                    }
                }
                listener.onStart(firstEpoch, config.epochs(), batches);
                for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                    if (!method.fullBatch()) {
                        BatchOrder.shuffle(p1, order);
                        BatchOrder.shuffle(p2, order);
                    }
                    double lossSum = 0;
                    for (int b = 0; b < batches; b++) {
                        if (!(config.schedule() instanceof LearningRateSchedule.Constant)) {
                            lrScale = config.schedule().multiplier(steps, batches, total);
                        }
                        this.epoch = epoch;
                        this.batchPair = b + 1;
                        int[] r1 = BatchOrder.slice(p1, b * batch, Math.min(n1, (b + 1) * batch));
                        int[] r2 = BatchOrder.slice(p2, b * batch, Math.min(n2, (b + 1) * batch));
                        beginBatchPair();
                        for (int k = 0; k < config.effectiveStage1Iters(); k++) {
                            stage1Step(r1);
                        }
                        if (optCovariate != null) {
                            for (int k = 0; k < config.effectiveCovariateIters(); k++) {
                                stage2Step(r1, r2, false, true, true);
                            }
                        }
                        for (int k = 0; k < config.stage2Iters(); k++) {
                            lossSum += stage2Step(r1, r2, true, false, true);
                        }
                        steps++;
                        listener.onStep(epoch, b + 1);
                    }
                    double trainLoss = lossSum / (batches * config.stage2Iters());
                    if (!Double.isFinite(trainLoss)) {
                        throw new TrainingDivergedException("diverged at epoch " + epoch + ": the stage-2 loss became "
                                + trainLoss + " (method " + method.label() + ", learning rate " + config.learningRate()
                                + "): lower the learning rate");
                    }
                    double test = Double.NaN;
                    if (metric != null) {
                        DfivModel m = method.fullBatch() ? exactFit(current(), d1, d2, config) : current();
                        test = metric.applyAsDouble(m);
                    }
                    EpochMetrics m = new EpochMetrics(epoch, steps, trainLoss, test, wallBefore + (System.nanoTime() - start) / 1e9,
                            Map.of(), stageDiagnostics());
                    curve.add(m);
                    if (store != null) {
                        store.save(checkpoints.save(epoch, steps, m.wallSeconds(), curve));
                    }
                    listener.onEpoch(m);
                    int finished = epoch;
                    stage1.warnings().forEach(w -> listener.onWarning("epoch " + finished + ": stage 1: " + w));
                    stage2.warnings().forEach(w -> listener.onWarning("epoch " + finished + ": stage 2: " + w));
                }
            }
            double beforeRefit = Double.NaN;
            double wallBeforeRefit = wallBefore + (System.nanoTime() - start) / 1e9;
            DfivModel model;
            if (method.refit() || !trains) {
                if (trains && !method.fullBatch() && metric != null) {
                    beforeRefit = metric.applyAsDouble(current());
                }
                model = exactFit(current(), d1, d2, config);
            } else {
                model = current();
            }
            double wall = wallBefore + (System.nanoTime() - start) / 1e9;
            double finalMetric = metric == null ? Double.NaN : metric.applyAsDouble(model);
            if (curve.isEmpty()) {
                curve.add(new EpochMetrics(0, 0, Double.NaN, finalMetric, wall));
            } else {
                EpochMetrics last = curve.remove(curve.size() - 1);
                curve.add(last.withTestMetric(finalMetric, wall));
            }
            return new Result(model, curve, beforeRefit, wall,
                    new StepCounts(stepCounts[0], stepCounts[1], stepCounts[2]), wallBeforeRefit);
        }

        /** One instrument-net step on stage-1 rows r1 (see the class comment). */
        void stage1Step(int[] r1) {
            if (opt1 == null) {
                return;
            }
            try (NDScope ignored = new NDScope()) {
                NDArray idx1 = manager.create(r1);
                NDArray target = treatment.forward(x1.get(idx1), false).stopGradient();
                int b = r1.length;
                boolean solveAfter = backboneFirst && v != null;
                FeatureNet.SavedStatistics statistics = saveStatistics(instrument);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray phi = ones(instrument.forward(z1.get(idx1), true));
                    if (!solveAfter) {
                        solveStage1(GramStatistics.of(phi.stopGradient(), target));
                    }
                    NDArray vT = v.transpose().toNDArray(phi.getManager(), DataType.FLOAT32);
                    NDArray loss = GraphScalars.dividedBy(phi.matMul(vT).sub(target).square().sum(), b);
                    collector.backward(loss);
                }
                statistics.scaleUpdate(lrScale);
                step(opt1, stage1Params);
                stepCounts[0]++;
                if (solveAfter) {
                    solveStage1(GramStatistics.of(ones(instrument.forwardKeepingStatistics(z1.get(idx1))), target));
                }
            }
        }

        /**
         * Stage 1 on a batch's statistics (instrument features with the constant, treatment features), formed once for
         * the training solve and the pooled readout.
         */
        void solveStage1(GramStatistics batch) {
            requireFinite(batch, "stage-1");
            if (v0 == null) {
                v0 = stage1.firstAnchor(batch); // first batch pair: no previous weights
            }
            v = stage1.solve(batch, v0);
            if (pooled != null) {
                pooled.addStage1(batch);
            }
        }

        /** Non-finite features (or targets) of a stage solve mean the networks diverged. */
        void requireFinite(GramStatistics batch, String stage) {
            requireFinite(batch.isFinite(), stage);
        }

        void requireFinite(boolean finite, String features) {
            if (!finite) {
                throw new TrainingDivergedException("diverged at epoch " + epoch + ", step " + batchPair + ": the " + features
                        + " features became non-finite (method " + method.label() + ", learning rate "
                        + config.learningRate() + "): lower the learning rate");
            }
        }

        /** The stages' choices of the epoch (cf-auto: {@code stage1_lambda}, ...), for metrics.csv. */
        Map<String, Double> stageDiagnostics() {
            Map<String, Double> out = new LinkedHashMap<>();
            stage1.epochDiagnostics().forEach((k, v) -> out.put("stage1_" + k, v));
            stage2.epochDiagnostics().forEach((k, v) -> out.put("stage2_" + k, v));
            return out;
        }

        /**
         * Starts a batch pair: its proximal solves pull towards the stage weights as they were before it (W_{t-1}),
         * however many steps it takes on its rows; anchoring at the previous inner step instead would let k steps on
         * one batch converge to that batch's ridge solve and undo the proximal averaging.
         */
        void beginBatchPair() {
            v0 = v;
            u0 = u;
            stage1.nextBatch();
            stage2.nextBatch();
            if (pooled != null) {
                pooled.nextBatch();
            }
        }

        /**
         * One stage-2 step on (r1, r2) for the treatment net and/or the covariate net (the original DFIV alternates:
         * covariate steps with the treatment features fixed, then treatment steps with the covariate features fixed).
         * The trained net runs in training mode with a graph; the other stage-2 net in evaluation mode without one;
         * the instrument net always in evaluation mode without a graph. The covariate net's weight decay is added as
         * {@code (wd / (2 b2)) ||theta||^2} to the mean loss, i.e. PyTorch's coupled Adam weight decay on the summed
         * loss of the original. Returns the stage-2 data loss (mean squared residual).
         *
         * @param update false: leave the gradients in place for inspection (tests)
         */
        double stage2Step(int[] r1, int[] r2, boolean trainTreatment, boolean trainCovariate, boolean update) {
            try (NDScope ignored = new NDScope()) {
                NDArray idx1 = manager.create(r1);
                NDArray idx2 = manager.create(r2);
                int b2 = r2.length;
                // Instrument features: evaluation mode, no graph (stage 2 does not train the instrument net).
                DenseMatrix phi1 = DenseMatrix.fromNDArray(ones(instrument.forward(z1.get(idx1), false)));
                NDArray phi2 = ones(instrument.forward(z2.get(idx2), false)).stopGradient();
                requireFinite(phi1.isFinite(), "instrument");
                Stage1Map map = stage1.map(phi1, v0);
                NDArray mNd = map.m().toNDArray(phi2.getManager(), DataType.FLOAT32);
                NDArray cNd = map.c() == null ? null : map.c().toNDArray(phi2.getManager(), DataType.FLOAT32);
                double loss;
                NDArray y = y2.get(idx2);
                boolean solveAfter = backboneFirst && u != null;
                FeatureNet.SavedStatistics statistics = trainCovariate ? saveStatistics(covariate) : FeatureNet.SavedStatistics.NONE;
                NDArray gammaEval = null; // evaluation-mode covariate features of this step, when it computed them
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray psi1 = treatment.forward(x1.get(idx1), trainTreatment);
                    NDArray gamma = covariate == null ? null : covariate.forward(w2.get(idx2), trainCovariate);
                    gammaEval = gamma == null || trainCovariate ? null : gamma.stopGradient();
                    NDArray f = stage2Features(trainTreatment ? psi1 : psi1.stopGradient(),
                            gamma == null || trainCovariate ? gamma : gamma.stopGradient(), mNd, cNd, phi2);
                    if (!solveAfter) {
                        u = solveStage2(f.stopGradient(), y);
                    }
                    NDArray uT = u.transpose().toNDArray(f.getManager(), DataType.FLOAT32);
                    NDArray data = GraphScalars.dividedBy(f.matMul(uT).sub(y).square().sum(), b2);
                    loss = data.getFloat();
                    NDArray total = data;
                    if (trainCovariate && config.covariateWeightDecay() > 0) {
                        for (NDArray p : covariateParams) {
                            total = total.add(GraphScalars.times(p.square().sum(), config.covariateWeightDecay() / (2.0 * b2)));
                        }
                    }
                    if ((trainTreatment && optTreatment != null) || (trainCovariate && optCovariate != null)) {
                        collector.backward(total);
                    }
                }
                statistics.scaleUpdate(lrScale);
                if (update && trainTreatment && optTreatment != null) {
                    step(optTreatment, treatmentParams);
                    stepCounts[2]++;
                }
                if (update && trainCovariate && optCovariate != null) {
                    step(optCovariate, covariateParams);
                    stepCounts[1]++;
                }
                if (pooled != null && update && trainTreatment && pooled.hasStage1()) {
                    // the current covariate features (evaluation mode)
                    NDArray gammaNow = covariate == null ? null
                            : gammaEval != null ? gammaEval : covariate.forward(w2.get(idx2), false);
                    pooled.addStage2(phi2, gammaNow, y);
                }
                if (solveAfter && update) {
                    // Second pass with the updated nets, no graph; the trained net keeps its batch normalisation.
                    NDArray psi1 = trainTreatment ? treatment.forwardKeepingStatistics(x1.get(idx1))
                            : treatment.forward(x1.get(idx1), false);
                    NDArray gamma = covariate == null ? null : trainCovariate
                            ? covariate.forwardKeepingStatistics(w2.get(idx2)) : covariate.forward(w2.get(idx2), false);
                    u = solveStage2(stage2Features(psi1, gamma, mNd, cNd, phi2), y);
                }
                return loss;
            }
        }

        /**
         * Stage-2 features {@code [Phi2 (M psi1 + C), 1] (x) [gamma, 1]} (rows); gradients reach psi1 and gamma
         * through the products only (M, C and Phi2 are constants).
         */
        static NDArray stage2Features(NDArray psi1, NDArray gamma, NDArray mNd, NDArray cNd, NDArray phi2) {
            NDArray vT = mNd.matMul(psi1);
            if (cNd != null) {
                vT = vT.add(cNd);
            }
            return stage2Rows(phi2.matMul(vT), gamma);
        }

        /** {@code [psiHat, 1] (x) [gamma, 1]}, or {@code [psiHat, 1]} without covariates. */
        static NDArray stage2Rows(NDArray psiHat, NDArray gamma) {
            long rows = psiHat.getShape().get(0);
            return outer(ones(psiHat), gamma == null ? psiHat.getManager().ones(new Shape(rows, 1)) : ones(gamma));
        }

        DenseMatrix solveStage2(NDArray f, NDArray y) {
            GramStatistics batch = GramStatistics.of(f, y);
            requireFinite(batch, "stage-2");
            if (u0 == null) {
                u0 = stage2.firstAnchor(batch); // first batch pair: no previous weights
            }
            return stage2.solve(batch, u0);
        }

        /**
         * One Adam update at the current learning-rate multiplier: the optimiser's step is scaled by
         * {@code lrScale} (exactly Adam at learning rate {@code lrScale * lr}: the moments do not depend on it).
         * The training-mode passes scale their BatchNorm running-statistics update by the same multiplier (momentum
         * {@code lrScale * 0.1}), so a schedule that decays to zero freezes the evaluation-mode features too.
         */
        void step(GradientOptimizer opt, List<NDArray> params) {
            if (lrScale == 1) {
                opt.update(params);
                return;
            }
            List<NDArray> before = new ArrayList<>(params.size());
            for (NDArray p : params) {
                before.add(p.duplicate());
            }
            opt.update(params);
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                NDArray old = before.get(i);
                // p <- old + s (p - old)
                p.subi(old).muli((float) lrScale).addi(old);
            }
        }

        /** A training-mode pass's running statistics, saved when its update is to be scaled (a schedule below 1). */
        FeatureNet.SavedStatistics saveStatistics(FeatureNet net) {
            return lrScale == 1 || net == null ? FeatureNet.SavedStatistics.NONE : net.saveStatistics();
        }

        static NDArray ones(NDArray m) {
            return m.concat(m.getManager().ones(new Shape(m.getShape().get(0), 1), m.getDataType()), 1);
        }

        /** Row-wise outer product, index j * q + k (as {@link Stages#rowOuter}). */
        static NDArray outer(NDArray a, NDArray b) {
            long n = a.getShape().get(0);
            long p = a.getShape().get(1);
            long q = b.getShape().get(1);
            return a.expandDims(2).mul(b.expandDims(1)).reshape(n, p * q);
        }

        static int[] identity(int n) {
            return BatchOrder.identity(n);
        }
    }
}
