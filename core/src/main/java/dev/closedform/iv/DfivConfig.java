package dev.closedform.iv;

import dev.closedform.engine.EngineSettings;
import dev.closedform.model.Mlp;
import dev.closedform.train.LearningRateSchedule;
import java.util.Arrays;

/**
 * Configuration of one DFIV run. Defaults follow the original DFIV demand-design setting: treatment net
 * 1-16-1, instrument net 3-128-64-32 with BatchNorm on its output, covariate net 2-128-32-16 with BatchNorm,
 * ridge 0.1 in each stage, 50/50 split, Adam 1e-3, 100 epochs, batch 100; the less common knobs of the
 * training schedule live in {@link Variants}.
 *
 * @param method            how the stages are updated and read out ({@link DfivMethod})
 * @param linear            identity feature maps: the estimator is ridge-regularised 2SLS (no training)
 * @param treatmentHidden   treatment net widths; the last is the output (no activation after it)
 * @param instrumentHidden  instrument net widths; ReLU between layers, none after the last
 * @param instrumentBatchNorm BatchNorm on the instrument features (its running statistics are never trained)
 * @param covariateHidden   covariate net widths; ReLU after every layer
 * @param covariateBatchNorm BatchNorm after the covariate net's second-to-last layer (as the original DFIV)
 * @param ridge1            stage-1 ridge (mean data term + ridge1 ||V||^2)
 * @param ridge2            stage-2 ridge
 * @param prox              proximal coefficient lambda of stage 2 (cf-prox)
 * @param stage1Prox        proximal coefficient in stage 1: {@code cf-prox}: NaN (unset) is {@link #DEFAULT_STAGE1_PROX},
 *                          negative the same as {@code prox}; {@code cf-rls}: a value >= 0 keeps a proximal stage 1
 *                          instead of pooling it
 * @param splitHalf         true: stage 1 on one half of the rows, stage 2 on the other; false: all rows in both
 * @param epochs            passes over the data
 * @param batchSize         rows of each stage per batch pair (mini-batch methods)
 * @param learningRate      Adam's step size for every network
 * @param schedule          multiplier of the learning rate over the batch pairs; {@code cosine} also scales BatchNorm's
 *                          running-statistics momentum, or the evaluation-mode features would keep following the last
 *                          batches (constant: as the original DFIV)
 * @param variants          the training schedule's less common knobs
 * @param seed              fixes the split, initialisation and batch order
 */
public record DfivConfig(DfivMethod method, boolean linear, int[] treatmentHidden, int[] instrumentHidden,
                         boolean instrumentBatchNorm, int[] covariateHidden, boolean covariateBatchNorm, double ridge1,
                         double ridge2, double prox, double stage1Prox, boolean splitHalf, int epochs, int batchSize,
                         double learningRate, LearningRateSchedule schedule, Variants variants, long seed) {

    /**
     * The training schedule's less common knobs, each reproducing a choice of the original DFIV code or one of
     * our experiments (see docs/iv.md).
     *
     * @param stage1Iters       instrument-net steps per batch pair (0: the method's default, 20 full batch, 1 mini-batch)
     * @param covariateIters    covariate-net steps per batch pair, after the stage-1 steps and before the treatment
     *                          steps (0: the method's default, 20 full batch as the original DFIV, 1 mini-batch)
     * @param stage2Iters       treatment-net steps per batch pair (original DFIV: 1)
     * @param covariateWeightDecay weight decay of the covariate net's Adam, as PyTorch's coupled {@code weight_decay} on
     *                          the <i>summed</i> squared residuals of the original DFIV: the gradient of the mean loss gets
     *                          {@code (wd / b) theta} for b stage-2 rows (original DFIV: 0.1)
     * @param torchInit         PyTorch's default Linear initialisation (as the original DFIV) instead of DJL's Xavier
     * @param batchRidgeFactor  mini-batch methods: the per-batch stage solves use {@code factor * ridge} (the final refit
     *                          and dfiv-full use the ridge itself); 1 is the batch estimate of the full objective, the
     *                          original DFIV code's mini-batch mode amounts to (rows per half) / (batch size)
     * @param backboneFirst     mini-batch methods: each network step uses the stage weights of the previous step held
     *                          constant, and the stage is re-solved afterwards on the updated features (the paper's
     *                          order); false: solve first, then step (the original DFIV order)
     * @param scaledProx        cf-prox: measure the pull towards the previous stage weights in the batch's feature scales,
     *                          {@code lambda sum_j D_jj ||W_:j - Wprev_:j||^2} with {@code D = diag(Phi^T Phi / b)}, so
     *                          lambda counts batches of data whatever the features' scales; false: the paper's
     *                          {@code lambda ||W - Wprev||^2}
     * @param memory            cf-rls and {@code pooledFinal}: memory in batch pairs (forgetting factor
     *                          {@code 1 - 1 / memory}); 0: one epoch
     * @param pooledFinal       mini-batch methods: besides the training solves, pool both stages' statistics over the
     *                          last {@code memory} batch pairs on the features of the moment (the configured ridges),
     *                          and give the final model those pooled weights: no refit pass over the data
     */
    public record Variants(int stage1Iters, int covariateIters, int stage2Iters, double covariateWeightDecay,
                           boolean torchInit, double batchRidgeFactor, boolean backboneFirst, boolean scaledProx,
                           double memory, boolean pooledFinal) {

        /** The original DFIV schedule. */
        public static final Variants ORIGINAL = new Variants(0, 0, 1, 0.1, true, 1, false, false, 0, false);

        public Variants {
            if (stage1Iters < 0 || covariateIters < 0 || stage2Iters < 1) {
                throw new IllegalArgumentException("stage1Iters and covariateIters must be >= 0 and stage2Iters >= 1, got "
                        + stage1Iters + ", " + covariateIters + ", " + stage2Iters);
            }
            nonNegative("covariateWeightDecay", covariateWeightDecay);
            if (!(batchRidgeFactor > 0) || !Double.isFinite(batchRidgeFactor)) {
                throw new IllegalArgumentException("batchRidgeFactor must be > 0, got " + batchRidgeFactor);
            }
            if (!isValidMemory(memory)) {
                throw new IllegalArgumentException("memory must be 0 (one epoch) or >= 1 batch, got " + memory);
            }
        }
    }

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    /** cf-prox stage-2 lambda on the demand design (best of 0.03-30 at n = 5000, batch 100; README). */
    public static final double DEFAULT_PROX = 0.3;
    /** cf-prox stage-1 lambda when unset (best of 0.03-100 at n = 5000, batch 100; README). */
    public static final double DEFAULT_STAGE1_PROX = 3;

    /** A pooled memory is 0 (one epoch) or a finite number of batch pairs >= 1. */
    public static boolean isValidMemory(double batchPairs) {
        return (batchPairs == 0 || batchPairs >= 1) && Double.isFinite(batchPairs);
    }

    public DfivConfig {
        if (method == null) {
            throw new IllegalArgumentException("method is required");
        }
        positiveWidths("treatmentHidden", treatmentHidden);
        positiveWidths("instrumentHidden", instrumentHidden);
        positiveWidths("covariateHidden", covariateHidden);
        nonNegative("ridge1", ridge1);
        nonNegative("ridge2", ridge2);
        nonNegative("prox", prox);
        if (variants == null || schedule == null) {
            throw new IllegalArgumentException("variants and schedule must be set");
        }
        if (ridge1 + (method.proximal() ? prox : 0) <= 0 || ridge2 + (method.proximal() ? prox : 0) <= 0) {
            throw new IllegalArgumentException("ridge1 and ridge2 must be > 0 (got " + ridge1 + ", " + ridge2
                    + "): learned features can be rank-deficient");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batchSize must be >= 2, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        treatmentHidden = treatmentHidden.clone();
        instrumentHidden = instrumentHidden.clone();
        covariateHidden = covariateHidden.clone();
    }

    /**
     * What a checkpoint must match to be resumed: everything but {@code epochs} (also epochs when the schedule
     * depends on the run's length), with the arrays by value.
     */
    public String resumeKey() {
        return "DfivConfig[method=" + method.label() + ", linear=" + linear + ", treatmentHidden=" + Arrays.toString(treatmentHidden)
                + ", instrumentHidden=" + Arrays.toString(instrumentHidden) + ", instrumentBatchNorm=" + instrumentBatchNorm
                + ", covariateHidden=" + Arrays.toString(covariateHidden) + ", covariateBatchNorm=" + covariateBatchNorm
                + ", ridge1=" + ridge1 + ", ridge2=" + ridge2 + ", prox=" + prox + ", stage1Prox=" + stage1Prox
                + ", splitHalf=" + splitHalf + (schedule.dependsOnLength() ? ", epochs=" + epochs : "") + ", batchSize=" + batchSize
                + ", learningRate=" + learningRate + ", schedule=" + schedule.label() + ", variants=" + variants + ", seed=" + seed + "]";
    }

    /** Proximal coefficient used in stage 1 (0 unless the method is proximal). */
    public double effectiveStage1Prox() {
        if (method.recursive()) {
            return recursiveStage1() ? 0 : stage1Prox; // cf-rls: a given stage-1 lambda replaces the pooled stage 1
        }
        if (!method.proximal()) {
            return 0;
        }
        return Double.isNaN(stage1Prox) ? DEFAULT_STAGE1_PROX : stage1Prox < 0 ? prox : stage1Prox;
    }

    /** cf-rls pools stage 1 too, unless a stage-1 proximal coefficient is given. */
    public boolean recursiveStage1() {
        return method.recursive() && !(stage1Prox >= 0);
    }

    /** Proximal coefficient used in stage 2 (0 unless the method is proximal). */
    public double effectiveStage2Prox() {
        return method.proximal() ? prox : 0;
    }

    /** Instrument-net steps per batch pair actually used. */
    public int effectiveStage1Iters() {
        return variants.stage1Iters() > 0 ? variants.stage1Iters() : (method.fullBatch() ? 20 : 1);
    }

    /** Covariate-net steps per batch pair actually used. */
    public int effectiveCovariateIters() {
        return variants.covariateIters() > 0 ? variants.covariateIters() : (method.fullBatch() ? 20 : 1);
    }

    // The variants' knobs under their own names, for the trainer.
    public int stage2Iters() { return variants.stage2Iters(); }
    public double covariateWeightDecay() { return variants.covariateWeightDecay(); }
    public boolean torchInit() { return variants.torchInit(); }
    public double batchRidgeFactor() { return variants.batchRidgeFactor(); }
    public boolean backboneFirst() { return variants.backboneFirst(); }
    public boolean scaledProx() { return variants.scaledProx(); }
    public double rlsMemory() { return variants.memory(); }
    public boolean pooledFinal() { return variants.pooledFinal(); }
    /** The cosine schedule (the only one that also scales BatchNorm's running-statistics updates). */
    public boolean cosineLr() { return schedule instanceof LearningRateSchedule.Cosine; }

    public int treatmentFeatureDim(int treatmentInputs) {
        return linear ? treatmentInputs : treatmentHidden[treatmentHidden.length - 1];
    }

    public String describe() {
        return linear ? "linear feature maps (ridge-regularised 2SLS)"
                : "treatment " + Arrays.toString(treatmentHidden) + ", instrument " + Arrays.toString(instrumentHidden)
                + (instrumentBatchNorm ? "+BN" : "") + ", covariate " + Arrays.toString(covariateHidden)
                + (covariateBatchNorm ? "+BN" : "") + (variants.torchInit() ? ", PyTorch init" : ", DJL init");
    }

    private static void positiveWidths(String name, int[] widths) {
        if (widths == null || widths.length == 0) {
            throw new IllegalArgumentException(name + " needs at least one layer width");
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException(name + " widths must be >= 1, got " + Arrays.toString(widths));
            }
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private DfivMethod method = DfivMethod.DFIV_FULL;
        private boolean linear;
        private int[] treatmentHidden = {16, 1};
        private int[] instrumentHidden = {128, 64, 32};
        private boolean instrumentBatchNorm = true;
        private int[] covariateHidden = {128, 32, 16};
        private double ridge1 = 0.1;
        private double ridge2 = 0.1;
        private double prox = DEFAULT_PROX;
        private boolean splitHalf = true;
        private int epochs = 100;
        private int batchSize = 100;
        private int stage1Iters;
        private int covariateIters;
        private int stage2Iters = 1;
        private double learningRate = 1e-3;
        private double covariateWeightDecay = 0.1;
        private long seed = 1;
        private boolean covariateBatchNorm = true;
        private boolean torchInit = true;
        private double stage1Prox = Double.NaN;
        private double batchRidgeFactor = 1;
        private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
        private boolean backboneFirst;
        private boolean scaledProx;
        private double rlsMemory;
        private boolean pooledFinal;

        public Builder setMethod(DfivMethod v) { method = v; return this; }
        public Builder optLinear(boolean v) { linear = v; return this; }
        public Builder optTreatmentHidden(String spec) { treatmentHidden = Mlp.parseHidden(spec); return this; }
        public Builder optInstrumentHidden(String spec) { instrumentHidden = Mlp.parseHidden(spec); return this; }
        public Builder optInstrumentBatchNorm(boolean v) { instrumentBatchNorm = v; return this; }
        public Builder optCovariateHidden(String spec) { covariateHidden = Mlp.parseHidden(spec); return this; }
        public Builder optRidge1(double v) { ridge1 = v; return this; }
        public Builder optRidge2(double v) { ridge2 = v; return this; }
        public Builder optProx(double v) { prox = v; return this; }
        public Builder optSplitHalf(boolean v) { splitHalf = v; return this; }
        public Builder optEpochs(int v) { epochs = v; return this; }
        public Builder optBatchSize(int v) { batchSize = v; return this; }
        public Builder optStage1Iters(int v) { stage1Iters = v; return this; }
        public Builder optCovariateIters(int v) { covariateIters = v; return this; }
        public Builder optStage2Iters(int v) { stage2Iters = v; return this; }
        public Builder optLearningRate(double v) { learningRate = v; return this; }
        public Builder optCovariateWeightDecay(double v) { covariateWeightDecay = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }
        public Builder optCovariateBatchNorm(boolean v) { covariateBatchNorm = v; return this; }
        public Builder optTorchInit(boolean v) { torchInit = v; return this; }
        public Builder optStage1Prox(double v) { stage1Prox = v; return this; }
        public Builder optBatchRidgeFactor(double v) { batchRidgeFactor = v; return this; }
        public Builder optBackboneFirst(boolean v) { backboneFirst = v; return this; }
        public Builder optScaledProx(boolean v) { scaledProx = v; return this; }
        public Builder optRlsMemory(double v) { rlsMemory = v; return this; }
        public Builder optPooledFinal(boolean v) { pooledFinal = v; return this; }

        public Builder optCosineLr(boolean v) { schedule = v ? LearningRateSchedule.COSINE : LearningRateSchedule.CONSTANT; return this; }
        public Builder optSchedule(LearningRateSchedule v) { schedule = v; return this; }
        /** All of the training schedule's less common knobs at once. */
        public Builder optVariants(Variants v) {
            stage1Iters = v.stage1Iters();
            covariateIters = v.covariateIters();
            stage2Iters = v.stage2Iters();
            covariateWeightDecay = v.covariateWeightDecay();
            torchInit = v.torchInit();
            batchRidgeFactor = v.batchRidgeFactor();
            backboneFirst = v.backboneFirst();
            scaledProx = v.scaledProx();
            rlsMemory = v.memory();
            pooledFinal = v.pooledFinal();
            return this;
        }

        public DfivConfig build() {
            Variants variants = new Variants(stage1Iters, covariateIters, stage2Iters, covariateWeightDecay, torchInit,
                    batchRidgeFactor, backboneFirst, scaledProx, rlsMemory, pooledFinal);
            return new DfivConfig(method, linear, treatmentHidden, instrumentHidden, instrumentBatchNorm, covariateHidden,
                    covariateBatchNorm, ridge1, ridge2, prox, stage1Prox, splitHalf, epochs, batchSize, learningRate, schedule,
                    variants, seed);
        }
    }
}
