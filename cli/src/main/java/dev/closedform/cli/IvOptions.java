package dev.closedform.cli;

import dev.closedform.iv.DfivConfig;
import dev.closedform.iv.DfivMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Options of the instrumental-variable tasks ({@code train --task iv}, {@code compare --task demand}). */
final class IvOptions {

    @Option(names = "--outcome", description = "iv: outcome column (name).")
    String outcome;

    @Option(names = "--treatment", split = ",", description = "iv: treatment column(s).")
    List<String> treatment;

    @Option(names = "--instruments", split = ",", description = "iv: instrument column(s); the covariates are added as their own instruments.")
    List<String> instruments;

    @Option(names = "--covariates", split = ",", description = "iv: exogenous covariate column(s) (optional).")
    List<String> covariates;

    @Option(names = "--grid", description = "iv: CSV of points (treatment and covariate columns) at which to predict the structural function.")
    Path grid;

    @Option(names = "--features", defaultValue = "mlp", description = "iv: mlp (DFIV) or linear (identity feature maps: ridge-regularised 2SLS). Default: ${DEFAULT-VALUE}.")
    String features;

    @Option(names = "--split", defaultValue = "half", description = "iv: half (stage 1 and stage 2 on disjoint halves, DFIV) or none (all rows in both, classical 2SLS). Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--ridge1", defaultValue = "0.1", description = "iv: stage-1 ridge. Default: ${DEFAULT-VALUE}.")
    double ridge1;

    @Option(names = "--ridge2", defaultValue = "0.1", description = "iv: stage-2 ridge. Default: ${DEFAULT-VALUE}.")
    double ridge2;

    @Option(names = "--stage1-iters", defaultValue = "0", description = "iv: instrument-net steps per batch pair (0: 20 for dfiv-full, 1 for mini-batch methods).")
    int stage1Iters;

    @Option(names = "--covariate-iters", defaultValue = "0", description = "iv: covariate-net steps per batch pair, before the treatment-net step (0: 20 for dfiv-full, 1 for mini-batch methods).")
    int covariateIters;

    @Option(names = "--treatment-hidden", defaultValue = "16,1", description = "iv: treatment net widths (last = feature count). Default: ${DEFAULT-VALUE}.")
    String treatmentHidden;

    @Option(names = "--instrument-hidden", defaultValue = "128,64,32", description = "iv: instrument net widths (BatchNorm on the output). Default: ${DEFAULT-VALUE}.")
    String instrumentHidden;

    @Option(names = "--covariate-hidden", defaultValue = "128,32,16", description = "iv: covariate net widths. Default: ${DEFAULT-VALUE}.")
    String covariateHidden;

    @Option(names = "--covariate-decay", defaultValue = "0.1", description = "iv: weight decay on the covariate net (original DFIV). Default: ${DEFAULT-VALUE}.")
    double covariateDecay;

    @Option(names = "--batch-ridge-factor", defaultValue = "1", description = "iv mini-batch methods: per-batch stage solves use this factor times --ridge1/--ridge2 (the refit uses the ridge itself; the original DFIV code's mini-batch mode amounts to rows-per-half / batch size). Default: ${DEFAULT-VALUE}.")
    double batchRidgeFactor;

    @Option(names = "--lr-schedule", defaultValue = "constant", description = "iv: constant (original DFIV) or cosine (decay to 0 over the run). Default: ${DEFAULT-VALUE}.")
    String lrSchedule;

    @Option(names = "--prox1", description = "cf-prox: proximal coefficient in stage 1 (default 3, DfivConfig.DEFAULT_STAGE1_PROX; negative: the same as --prox). cf-rls: a stage-1 lambda replaces the pooled stage 1.")
    Double prox1;

    @Option(names = "--prox-metric", defaultValue = "identity", description = "cf-prox: identity (the paper's lambda ||W - Wprev||^2) or diagonal (the pull scaled by each feature's mean square in the batch, so lambda counts batches whatever the feature scales). Default: ${DEFAULT-VALUE}.")
    String proxMetric;

    @Option(names = {"--memory", "--rls-memory"}, defaultValue = "0", description = "cf-rls and --final-weights pooled: memory in batch pairs (forgetting factor 1 - 1/memory); 0: one epoch. Default: ${DEFAULT-VALUE}.")
    double rlsMemory;

    @Option(names = "--batch-norm", defaultValue = "on", description = "iv: on (as the original DFIV: BatchNorm on the instrument features and after the covariate net's second-to-last layer) or off (plain MLPs). Default: ${DEFAULT-VALUE}.")
    String batchNorm;

    @Option(names = "--final-weights", defaultValue = "last", description = "iv mini-batch methods: last (the last batch's stage weights) or pooled (both stages pooled over the last --memory batch pairs on the features of the moment, no refit pass). Default: ${DEFAULT-VALUE}.")
    String finalWeights;

    @Option(names = "--n", split = ",", description = "demand: sample sizes. Default: 5000.")
    List<Integer> n;

    @Option(names = "--rho", split = ",", description = "demand: confounding strengths. Default: 0.5.")
    List<Double> rho;

    boolean linear() {
        return twoWay("--features", features, "mlp", "linear");
    }

    boolean cosineLr() {
        return twoWay("--lr-schedule", lrSchedule, "constant", "cosine");
    }

    boolean scaledProx() {
        return twoWay("--prox-metric", proxMetric, "identity", "diagonal");
    }

    boolean pooledFinal() {
        return twoWay("--final-weights", finalWeights, "last", "pooled");
    }

    boolean batchNorm() {
        return twoWay("--batch-norm", batchNorm, "off", "on");
    }

    boolean splitHalf() {
        return twoWay("--split", split, "none", "half");
    }

    /** A two-valued option: false for {@code whenFalse}, true for {@code whenTrue}, else an error naming both. */
    private static boolean twoWay(String flag, String value, String whenFalse, String whenTrue) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals(whenFalse) || v.equals(whenTrue)) {
            return v.equals(whenTrue);
        }
        throw new IllegalArgumentException(flag + ": expected " + whenFalse + " or " + whenTrue + ", got '" + value + "'");
    }

    /** Defaults for the shared options the user did not give: 100 epochs, batch 100, Adam 1e-3. */
    DfivConfig build(String method, IvRuns.Shared shared, long seed) {
        if (!DfivConfig.isValidMemory(rlsMemory)) { // checked here too, so that the message names the flag
            throw new IllegalArgumentException("--memory (--rls-memory): expected 0 (one epoch) or a number of batch pairs >= 1, got "
                    + rlsMemory);
        }
        Double learningRate = shared.learningRate();
        return DfivConfig.builder().setMethod(DfivMethod.parse(method)).optLinear(linear()).optSplitHalf(splitHalf())
                .optRidge1(ridge1).optRidge2(ridge2).optStage1Iters(stage1Iters).optCovariateIters(covariateIters).optTreatmentHidden(treatmentHidden)
                .optInstrumentHidden(instrumentHidden).optCovariateHidden(covariateHidden)
                .optInstrumentBatchNorm(batchNorm()).optCovariateBatchNorm(batchNorm())
                .optCovariateWeightDecay(covariateDecay).optEpochs(shared.epochs()).optBatchSize(shared.batchSize())
                .optLearningRate(learningRate == null ? 1e-3 : learningRate).optProx(shared.prox()).optStage1Prox(prox1 != null ? prox1 : Double.NaN).optBatchRidgeFactor(batchRidgeFactor).optCosineLr(cosineLr()).optBackboneFirst(shared.backboneFirst()).optScaledProx(scaledProx()).optRlsMemory(rlsMemory).optPooledFinal(pooledFinal()).optSeed(seed)
                .build();
    }
}
