package dev.closedform.cli;

import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.experiments.run.MethodSpec;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.run.RunOutcome;
import dev.closedform.experiments.run.Runner;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.experiments.task.TaskDefinition;
import dev.closedform.train.Method;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        customSynopsis = "closedform train --method METHOD --out DIR [OPTIONS]",
        description = "Train one model with one method; write run.json, metrics.csv, model.npz and a learning-curve plot to --out.",
        footer = {"", "Examples:",
            "  closedform train --method cf-prox --out runs/cf-prox",
            "  closedform train --data housing.csv --target MEDV --standardize --method cf-full --hidden none --out runs/ridge",
            "  closedform train --task burgers --method cf-prox --epochs 50 --out runs/burgers   # killed? add --resume",
            "Instrumental variables: closedform iv train --help"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--method", required = true, description = "One of: ${COMPLETION-CANDIDATES}, optionally @OPTIMIZER (cf-prox@adam).",
            completionCandidates = MethodNames.class)
    String method;

    @Option(names = "--seed", defaultValue = "1", description = "Fixes data generation, initialisation and batch order. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume", description = "Continue the run in --out from its checkpoint; only --epochs may differ (to extend it).")
    boolean resume;

    @Mixin
    ModelRunOptions groups;

    @Override
    public Integer call() {
        groups.run.applyThreads();
        if (groups.run.out == null) {
            throw new IllegalArgumentException("--out DIR is required (the run folder)");
        }
        single("--ridge", groups.method.ridge);
        single("--prox", groups.method.prox);
        single("--order", groups.method.order);
        single("--initial-head", groups.method.initialHead);
        single("--batch-size", groups.training.batchSizes);
        TaskDefinition definition = groups.data.definition();
        ModelSpec modelSpec = groups.model.spec();
        MethodSpec m = groups.training.methods(List.of(method)).get(0);
        TrainingConfig config = config(m, definition, modelSpec);
        RegressionTask task = definition.create(groups.data.taskOptions(groups.model), Console.generation(definition.name(), groups.run.quiet));
        PreparedData prepared = task.prepare(seed);
        groups.data.noteInference(Console::info); // once the data have loaded, so that an error stays one line
        long steps = (long) config.epochs() * TrainingLoop.stepsPerEpoch(config, prepared.train().rows());
        RunOutcome outcome;
        try (Console.Progress progress = Console.progress(m.label(), steps, groups.run.quiet)) {
            outcome = Runner.builder().setData(task.name(), prepared).setModel(modelSpec).setConfig(config).optLabel(m.label())
                    .optListener(progress.listener(m.label())).optNotices(Console::note).optResume(resume)
                    .optOverwrite(groups.run.overwrite).optCommandLine(spec.commandLine().getParseResult().originalArgs())
                    .optDataFile(groups.data.data).optBackend(groups.run.backend()).build().run(groups.run.out);
        }
        TrainingResult result = outcome.result();
        StringBuilder extras = new StringBuilder();
        result.last().extraTestMetrics().forEach((name, v) -> extras.append(String.format(Locale.ROOT, ", %s %.6g", name, v)));
        System.out.printf(Locale.ROOT, "%s on %s: %s %.6g%s, train loss %.6g, %d steps in %.1f s%n", m.label(), task.name(),
                result.metricName(), result.finalTestMetric(), extras, result.finalTrainLoss(), result.last().steps(),
                result.last().wallSeconds());
        if (!outcome.reused()) {
            System.out.println("wrote " + groups.run.out.resolve(RunDirectory.RUN_JSON) + ", " + RunDirectory.METRICS_CSV + ", "
                    + RunDirectory.MODEL_NPZ);
        }
        return 0;
    }

    /** The run's configuration: the task's defaults, then the options given. */
    TrainingConfig config(MethodSpec m, TaskDefinition definition, ModelSpec modelSpec) {
        TrainingConfig.Builder template = groups.training.template(definition.training(), groups.method);
        template.optUpdateOrder(groups.method.order != null ? groups.method.orders().get(0) : modelSpec.preferredOrder());
        return m.applyTo(template).optSeed(seed).build();
    }

    /** {@link #config} for a method spec as written, on the task and model the options name. */
    TrainingConfig config(String methodSpec) {
        return config(groups.training.methods(List.of(methodSpec)).get(0), groups.data.definition(), groups.model.spec());
    }

    private static void single(String option, List<?> values) {
        if (values != null && values.size() > 1) {
            throw new IllegalArgumentException(option + " takes one value in train (compare sweeps a list), got " + values);
        }
    }

    /** The method names for help texts, from the one registry. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Method.labels().iterator();
        }
    }
}
