package dev.closedform.cli;

import dev.closedform.experiments.run.Provenance;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train one model with one method and write run.json, metrics.csv and model.npz to --out.",
        footer = {"", "Examples:",
            "  closedform train --task friedman --method cf-prox --epochs 20 --out runs/cf-prox",
            "  closedform train --data housing.csv --target MEDV --standardize --method cf-full --hidden none --out runs/ridge",
            "  closedform train --method sgd --epochs 50 --out runs/long   # kill it, then add --resume to continue",
            "  closedform train --task iv --data iv.csv --outcome y --treatment p --instruments c --covariates t,s --grid grid.csv --out runs/iv"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--method", description = "sgd, adam, cf-ridge, cf-prox, cf-full, ema or refit; with --task iv:"
            + " dfiv-full (default), dfiv-batch-refit, dfiv-batch or cf-prox.")
    String method;

    @Option(names = "--batch-size", defaultValue = "32", description = "Rows per step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = "Fixes data generation, initialisation and batch order. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, description = "Run directory (created if missing).")
    Path out;

    @Option(names = "--resume", description = "Continue from --out/checkpoint.npz (same options), e.g. after the run was killed.")
    boolean resume;

    @Mixin
    RunOptions options;

    @Mixin
    IvOptions iv;

    @Override
    public Integer call() throws Exception {
        options.applyThreads();
        if ("iv".equalsIgnoreCase(options.task)) {
            var parse = spec.commandLine().getParseResult();
            IvRuns.Shared shared = IvRuns.Shared.from(parse, options, batchSize);
            return IvRuns.trainCsv(iv, options.data, method == null ? "dfiv-full" : method, shared, seed, out,
                    parse.originalArgs());
        }
        if (method == null) {
            throw new IllegalArgumentException("--method is required (sgd, adam, cf-ridge, cf-prox, cf-full, ema or refit)");
        }
        TrainingConfig config = options.buildConfig(method.toLowerCase(Locale.ROOT), batchSize, seed);
        RegressionTask task = options.buildTask();
        PreparedData data = task.prepare(seed);
        RunDirectory dir = new RunDirectory(out);
        long steps = (long) config.epochs() * TrainingLoop.stepsPerEpoch(config, data.train().rows());
        TrainingResult result;
        try (ProgressReporter progress = new ProgressReporter(config.method().label(), steps)) {
            result = SingleRun.execute(options, task.name(), data, config, dir, true, resume,
                    progress.listener(config.method().label()), spec.commandLine().getParseResult().originalArgs());
        }
        StringBuilder extras = new StringBuilder();
        result.last().extraTestMetrics().forEach((name, v) -> extras.append(String.format(Locale.ROOT, ", %s %.6g", name, v)));
        System.out.printf(Locale.ROOT, "%s on %s: %s %.6g%s, train loss %.6g, %d steps in %.1f s%n", config.method(), task.name(),
                result.metricName(), result.finalTestMetric(), extras, result.finalTrainLoss(), result.last().steps(),
                result.last().wallSeconds());
        System.out.println("wrote " + dir.path().resolve(RunDirectory.RUN_JSON) + ", " + RunDirectory.METRICS_CSV + ", " + RunDirectory.MODEL_NPZ);
        return 0;
    }
}
