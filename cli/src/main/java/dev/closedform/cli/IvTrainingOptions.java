package dev.closedform.cli;

import dev.closedform.iv.DfivConfig;
import dev.closedform.iv.DfivMethod;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The "Training" options of the iv commands, and the configuration they make with the other groups. */
final class IvTrainingOptions {

    @Option(names = "--epochs", defaultValue = "100", description = "Passes over the data. Default: ${DEFAULT-VALUE}.")
    int epochs = 100;

    @Option(names = "--batch-size", defaultValue = "100", description = "Rows of each stage per batch pair (mini-batch methods). "
            + "Default: ${DEFAULT-VALUE}.")
    int batchSize = 100;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam's learning rate for every network. Default: ${DEFAULT-VALUE}.")
    double learningRate = 1e-3;

    @Option(names = "--lr-schedule", defaultValue = "constant", description = "constant (original DFIV), cosine (to 0 over the "
            + "run; also decays BatchNorm's running-statistics momentum) or step:EVERY:FACTOR. Default: ${DEFAULT-VALUE}.")
    String schedule = "constant";

    @Option(names = "--order", defaultValue = "last-layer-first", description = "last-layer-first (solve, then step: the "
            + "original DFIV) or backbone-first (step, then re-solve). Default: ${DEFAULT-VALUE}.")
    String order = "last-layer-first";

    @Option(names = "--stage1-iters", defaultValue = "0", description = "Instrument-net steps per batch pair (0: 20 full batch, 1 mini-batch).")
    int stage1Iters;

    @Option(names = "--covariate-iters", defaultValue = "0", description = "Covariate-net steps per batch pair (0: 20 full batch, 1 mini-batch).")
    int covariateIters;

    @Option(names = "--covariate-decay", defaultValue = "0.1", description = "Weight decay of the covariate net (original DFIV). "
            + "Default: ${DEFAULT-VALUE}.")
    double covariateDecay = 0.1;

    /** The configuration of one run of {@code method} with {@code seed}; bad values name their option. */
    DfivConfig config(String method, long seed, IvNetworkOptions nets, IvStageOptions stages, boolean splitHalf) {
        if (!DfivConfig.isValidMemory(stages.memory)) { // checked here too, so that the message names the flag
            throw new IllegalArgumentException("--memory: expected 0 (one epoch) or a number of batch pairs >= 1, got " + stages.memory);
        }
        boolean batchNorm = twoWay("--batch-norm", nets.batchNorm, "off", "on");
        return DfivConfig.builder().setMethod(DfivMethod.parse(method)).optLinear(twoWay("--features", nets.features, "mlp", "linear"))
                .optSplitHalf(splitHalf).optRidge1(stages.ridge1).optRidge2(stages.ridge2).optStage1Iters(stage1Iters)
                .optCovariateIters(covariateIters).optTreatmentHidden(nets.treatmentHidden).optInstrumentHidden(nets.instrumentHidden)
                .optCovariateHidden(nets.covariateHidden).optInstrumentBatchNorm(batchNorm).optCovariateBatchNorm(batchNorm)
                .optCovariateWeightDecay(covariateDecay).optEpochs(epochs).optBatchSize(batchSize).optLearningRate(learningRate)
                .optProx(stages.prox != null ? stages.prox : DfivConfig.DEFAULT_PROX)
                .optStage1Prox(stages.prox1 != null ? stages.prox1 : Double.NaN).optBatchRidgeFactor(stages.batchRidgeFactor)
                .optSchedule(TrainingOptions.parseSchedule(schedule))
                .optBackboneFirst(twoWay("--order", order, "last-layer-first", "backbone-first"))
                .optScaledProx(twoWay("--prox-metric", stages.proxMetric, "identity", "diagonal")).optRlsMemory(stages.memory)
                .optPooledFinal(twoWay("--final-weights", stages.finalWeights, "last", "pooled")).optSeed(seed).build();
    }

    /** A two-valued option: false for {@code whenFalse}, true for {@code whenTrue}, else an error naming both. */
    static boolean twoWay(String flag, String value, String whenFalse, String whenTrue) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals(whenFalse) || v.equals(whenTrue)) {
            return v.equals(whenTrue);
        }
        throw new IllegalArgumentException(flag + ": expected " + whenFalse + " or " + whenTrue + ", got '" + value + "'");
    }
}
