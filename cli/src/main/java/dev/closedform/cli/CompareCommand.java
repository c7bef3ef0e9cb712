package dev.closedform.cli;

import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.experiments.report.MethodStats;
import dev.closedform.experiments.report.RunResult;
import dev.closedform.experiments.run.MethodSpec;
import dev.closedform.experiments.run.Sweep;
import dev.closedform.experiments.run.SweepAxis;
import dev.closedform.experiments.run.SweepNotes;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.experiments.task.TaskDefinition;
import dev.closedform.train.TrainingConfig;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        customSynopsis = "closedform compare [--methods M,...] [--seeds K] [--out DIR] [OPTIONS]",
        description = {"Run methods x seeds (x batch sizes, lambdas, betas, orders given as lists) side by side; write",
            "summary.json, report.md, report.html and learning curves. With no options: Friedman #1, sgd, adam, cf-ridge, cf-prox.",
            "Into an existing --out, finished runs with the same configuration are reused and interrupted ones continued."},
        footer = {"", "Examples:",
            "  closedform compare",
            "  closedform compare --methods sgd,cf-prox --seeds 5 --batch-size 8,32,128 --out runs/batch-sweep",
            "  closedform compare --methods cf-prox --prox 0,0.01,0.1,1,10 --out runs/lambda",
            "  closedform compare --task burgers --methods adam,cf-prox@adam --lr adam=1e-3,cf-prox@adam=1e-3 --seeds 3",
            "Instrumental variables: closedform iv compare --help"})
final class CompareCommand implements Callable<Integer> {

    static final String DEFAULT_METHODS = "sgd,adam,cf-ridge,cf-prox";

    @Spec
    CommandSpec spec;

    @Option(names = "--methods", defaultValue = DEFAULT_METHODS, split = ",", description = "Methods, each optionally "
            + "@OPTIMIZER (cf-prox@adam), from: ${COMPLETION-CANDIDATES}. Default: " + DEFAULT_METHODS + ".",
            completionCandidates = TrainCommand.MethodNames.class)
    List<String> methods;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds 1..K per method and cell. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--save-models", description = "Also write model.npz for every run.")
    boolean saveModels;

    @Mixin
    ModelRunOptions groups;

    @Override
    public Integer call() {
        groups.run.applyThreads();
        TaskDefinition definition = groups.data.definition();
        ModelSpec modelSpec = groups.model.spec();
        List<MethodSpec> specs = groups.training.methods(methods);
        TrainingConfig.Builder template = groups.training.template(definition.training(), groups.method)
                .optUpdateOrder(modelSpec.preferredOrder());
        RegressionTask task = definition.create(groups.data.taskOptions(groups.model), Console.generation(definition.name(), groups.run.quiet));
        Sweep.Builder b = Sweep.builder().setTask(task).setModel(modelSpec).setTemplate(template).setMethods(specs)
                .optSeeds(seeds).optSaveModels(saveModels).optOverwrite(groups.run.overwrite).optNotices(Console::note)
                .optCommandLine(spec.commandLine().getParseResult().originalArgs()).optDataFile(groups.data.data).optBackend(groups.run.backend());
        if (groups.training.batchSizes != null && groups.training.batchSizes.size() > 1) {
            b.optAxis(SweepAxis.batchSize(groups.training.batchSizes));
        }
        if (groups.method.prox != null && groups.method.prox.size() > 1) {
            b.optAxis(SweepAxis.prox(groups.method.prox));
        }
        if (groups.method.ridge != null && groups.method.ridge.size() > 1) {
            b.optAxis(SweepAxis.ridge(groups.method.ridge));
        }
        if (groups.method.order != null) {
            b.optAxis(SweepAxis.order(groups.method.orders()));
        }
        if (groups.method.initialHead != null && groups.method.initialHead.size() > 1) {
            b.optAxis(SweepAxis.initialHead(groups.method.initialHeads()));
        }
        Path out = groups.run.out != null ? groups.run.out : Path.of("runs", "compare-" + task.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Sweep[] built = new Sweep[1];
        Sweep sweep = built[0] = b.optNotes((results, stopped) -> {
            Sweep.Planned first = built[0].planned().get(0);
            var d = built[0].data(first.config().seed());
            String modelLabel = d.model() != null ? d.model().get().description() : modelSpec.label();
            return SweepNotes.of(results, stopped, d.metric().higherIsBetter(), d.description(), modelLabel, first,
                    groups.training.learningRate);
        }).build();
        long total = sweep.totalSteps(); // prepares every seed's data
        groups.data.noteInference(Console::info); // once the data have loaded, so that an error stays one line
        Sweep.Result result;
        try (Console.Progress progress = Console.progress("compare", total, groups.run.quiet)) {
            result = sweep.run(out, progress::listener);
        }
        printTable(result.runs(), sweep.data(sweep.planned().get(0).config().seed()).metric().higherIsBetter());
        System.out.println("report: " + result.report().html().toAbsolutePath());
        System.out.println("        " + result.report().markdown().toAbsolutePath());
        return 0;
    }

    private static void printTable(List<RunResult> results, boolean higherIsBetter) {
        List<MethodStats> stats = MethodStats.of(results, higherIsBetter);
        // as wide as the longest label, so a cell's name ("cf-prox [initial-head=proximal]") keeps the columns aligned
        int width = Math.max(22, stats.stream().mapToInt(s -> s.label().length()).max().orElse(0));
        System.out.printf(Locale.ROOT, "%-" + width + "s %14s %12s %10s%n", "method", "mean " + results.get(0).metricName(), "std", "wall s");
        for (MethodStats s : stats) {
            System.out.printf(Locale.ROOT, "%-" + width + "s %14.5g %12.3g %10.1f%n", s.label(), s.mean(), s.std(), s.meanWallSeconds());
        }
    }
}
