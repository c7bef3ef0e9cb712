package dev.closedform.cli;

import dev.closedform.experiments.iv.DemandSweep;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        customSynopsis = "closedform iv compare [--n N,...] [--rho R,...] [--methods M,...] [--seeds K] [--out DIR] [OPTIONS]",
        description = {"DFIV methods on the demand design, every (n, rho) cell x method x seed; write runs.csv, dfiv-summary.md",
            "(median and IQR per cell), summary.json and the report. Into an existing --out, finished runs are reused."},
        footer = {"", "Examples:",
            "  closedform iv compare",
            "  closedform iv compare --n 1000,5000,10000 --rho 0.1,0.25,0.5,0.75,0.9 --seeds 3 --out runs/dfiv-grid",
            "  closedform iv compare --methods dfiv-batch-refit,cf-prox --final-weights pooled --lr-schedule cosine --seeds 10"})
final class IvCompareCommand implements Callable<Integer> {

    static final String DEFAULT_METHODS = "dfiv-full,dfiv-batch-refit,dfiv-batch,cf-prox-refit,cf-prox";

    @Spec
    CommandSpec spec;

    @Option(names = "--methods", defaultValue = DEFAULT_METHODS, split = ",", description = "From: ${COMPLETION-CANDIDATES}. "
            + "Default: " + DEFAULT_METHODS + ".", completionCandidates = IvTrainCommand.IvMethodNames.class)
    List<String> methods;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds 1..K per cell and method. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--n", split = ",", defaultValue = "5000", description = "Sample sizes. Default: ${DEFAULT-VALUE}.")
    List<Integer> n;

    @Option(names = "--rho", split = ",", defaultValue = "0.5", description = "Confounding strengths. Default: ${DEFAULT-VALUE}.")
    List<Double> rho;

    @Mixin
    IvGroups groups;

    @Override
    public Integer call() {
        groups.run.applyThreads();
        groups.run.refuseSpark("the iv commands");
        Path out = groups.run.out != null ? groups.run.out : Path.of("runs", "compare-demand-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        DemandSweep sweep = DemandSweep.of(n, rho, methods, seeds, (m, seed) -> groups.training.config(m, seed, groups.nets, groups.stages, true),
                groups.run.overwrite, Console::note, spec.commandLine().getParseResult().originalArgs());
        DemandSweep.Result result;
        try (Console.Progress progress = Console.progress("iv compare", sweep.totalSteps(), groups.run.quiet)) {
            result = sweep.run(out, progress::listener);
        }
        result.table().forEach(System.out::println);
        System.out.println("wrote " + out.resolve("dfiv-summary.md") + ", runs.csv, summary.json, report.md");
        return 0;
    }
}
