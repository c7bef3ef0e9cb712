package dev.closedform.cli;

import dev.closedform.iv.DfivConfig;
import picocli.CommandLine.Option;

/** The "Stages" options of the iv commands: the two closed-form stages. */
final class IvStageOptions {

    @Option(names = "--ridge1", defaultValue = "0.1", description = "Stage-1 ridge. Default: ${DEFAULT-VALUE}.")
    double ridge1 = 0.1;

    @Option(names = "--ridge2", defaultValue = "0.1", description = "Stage-2 ridge. Default: ${DEFAULT-VALUE}.")
    double ridge2 = 0.1;

    @Option(names = "--prox", description = "cf-prox: stage-2 proximal lambda. Default: " + DfivConfig.DEFAULT_PROX + ".")
    Double prox;

    @Option(names = "--prox1", description = "cf-prox: stage-1 lambda (negative: as --prox). Default: "
            + DfivConfig.DEFAULT_STAGE1_PROX + ". cf-rls: a value replaces the pooled stage 1 by a proximal one.")
    Double prox1;

    @Option(names = "--prox-metric", defaultValue = "identity", description = "cf-prox: identity (lambda ||W - Wprev||^2) or "
            + "diagonal (the pull in the batch's feature scales). Default: ${DEFAULT-VALUE}.")
    String proxMetric = "identity";

    @Option(names = {"--memory", "--rls-memory"}, defaultValue = "0", description = "cf-rls and --final-weights pooled: memory "
            + "in batch pairs (forgetting 1 - 1/memory); 0: one epoch. Default: ${DEFAULT-VALUE}.")
    double memory;

    @Option(names = "--final-weights", defaultValue = "last", description = "Mini-batch methods: last (the last batch's stage "
            + "weights) or pooled (pooled over the last --memory batch pairs, no refit pass). Default: ${DEFAULT-VALUE}.")
    String finalWeights = "last";

    @Option(names = "--batch-ridge-factor", defaultValue = "1", description = "Mini-batch methods: per-batch solves use this "
            + "factor times the ridge (the original code's mini-batch mode: rows per half / batch). Default: ${DEFAULT-VALUE}.")
    double batchRidgeFactor = 1;
}
