package dev.closedform.cli;

import dev.closedform.experiments.run.Provenance;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.report.MethodStats;
import dev.closedform.experiments.report.ReportSpec;
import dev.closedform.experiments.report.ReportWriter;
import dev.closedform.experiments.report.RunResult;
import dev.closedform.experiments.report.SummaryWriter;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run several methods with several seeds side by side and write summary.json, report.md and report.html",
            "with learning curves. With no arguments: the embedded default comparison on Friedman #1."},
        footer = {"", "Examples:",
            "  closedform compare",
            "  closedform compare --methods sgd,cf-prox --seeds 5 --batch-size 8,32,128 --out runs/batch-sweep",
            "  closedform compare --data housing.csv --target MEDV --standardize --methods adam,cf-prox --out runs/housing",
            "  closedform compare --task demand --n 1000,5000 --rho 0.1,0.5,0.9 --seeds 5 --out runs/dfiv"})
final class CompareCommand implements Callable<Integer> {

    static final String DEFAULT_METHODS = "sgd,adam,cf-ridge,cf-prox";

    @Spec
    CommandSpec spec;

    @Option(names = "--methods", defaultValue = DEFAULT_METHODS, split = ",", description = "Methods to compare. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--seeds", defaultValue = "3", description = "Number of seeds (1..K) per method. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--batch-size", defaultValue = "32", split = ",", description = "Batch size(s); several give a sweep. Default: ${DEFAULT-VALUE}.")
    List<Integer> batchSizes;

    @Option(names = "--out", description = "Output directory. Default: runs/compare-<task>-<time>.")
    Path out;

    @Option(names = "--save-models", description = "Also write model.npz for every run.")
    boolean saveModels;

    @Mixin
    RunOptions options;

    @Mixin
    IvOptions iv;

    @Override
    public Integer call() throws Exception {
        options.applyThreads();
        if ("demand".equalsIgnoreCase(options.task)) {
            var parse = spec.commandLine().getParseResult();
            if (seeds < 1) {
                throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
            }
            IvRuns.Shared shared = IvRuns.Shared.from(parse, options, batchSizes.get(0));
            List<String> ms = parse.hasMatchedOption("--methods") ? methods : IvRuns.asList(IvRuns.DEMAND_METHODS);
            Path dir = out != null ? out : Path.of("runs", "compare-demand-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            return IvRuns.compareDemand(iv, ms, seeds, shared, dir, parse.originalArgs());
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        RegressionTask task = options.buildTask();
        List<Integer> batches = batchSizes;
        // Build every configuration first so a bad option fails before any training.
        List<Planned> planned = new ArrayList<>();
        for (int batch : batches) {
            for (String method : methods) {
                for (int seed = 1; seed <= seeds; seed++) {
                    String name = method.trim().toLowerCase(Locale.ROOT);
                    planned.add(new Planned(name, options.buildConfig(name, batch, seed)));
                }
            }
        }
        Path dir = out != null ? out : Path.of("runs", "compare-" + task.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Map<Long, PreparedData> dataBySeed = new LinkedHashMap<>();
        long totalSteps = 0;
        for (Planned p : planned) {
            TrainingConfig c = p.config();
            PreparedData d = dataBySeed.computeIfAbsent(c.seed(), task::prepare);
            totalSteps += (long) c.epochs() * TrainingLoop.stepsPerEpoch(c, d.train().rows());
        }
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<RunResult> results = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        try (ProgressReporter progress = new ProgressReporter("compare", totalSteps)) {
            for (Planned p : planned) {
                TrainingConfig c = p.config();
                String method = p.method();
                String group = batches.size() > 1 ? "batch=" + c.batchSize() : null;
                String label = method.replace('@', '-') + (group == null ? "" : "-b" + c.batchSize()) + "-seed" + c.seed();
                RunDirectory runDir = new RunDirectory(dir.resolve("runs").resolve(label));
                TrainingResult r;
                try {
                    r = SingleRun.execute(options, task.name(), dataBySeed.get(c.seed()), c, runDir, saveModels, false,
                            progress.listener(label), args);
                } catch (ArithmeticException diverged) {
                    // A diverged run (non-finite loss, or features so large that the head's system is singular)
                    // is a result of the comparison, not a reason to throw away the runs that worked.
                    stopped.add(label + ": " + diverged.getMessage());
                    System.err.println("closedform: " + label + " stopped, left out of the summary: " + diverged.getMessage());
                    continue;
                }
                results.add(new RunResult(method, c.seed(), r.metricName(), r.epochs(), group));
            }
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("every run stopped: " + String.join("; ", stopped));
        }
        PreparedData anyData = dataBySeed.values().iterator().next();
        ReportSpec report = ReportSpec.builder()
                .setTitle("closedform comparison: " + task.name())
                .setTask(task.name())
                .optCommandLine("closedform " + String.join(" ", args))
                .optNotes(notes(results, stopped, anyData, planned.get(0).config()))
                .optHigherIsBetter(anyData.metric().higherIsBetter())
                .build();
        SummaryWriter.write(dir, report, results);
        ReportWriter.ReportFiles files = ReportWriter.write(dir, report, results);
        printTable(results, anyData.metric().higherIsBetter());
        System.out.println("report: " + files.html().toAbsolutePath());
        System.out.println("        " + files.markdown().toAbsolutePath());
        return 0;
    }

    /** One run of the comparison: the method as written ({@code cf-prox@adam}) and its configuration. */
    private record Planned(String method, TrainingConfig config) {}

    private List<String> notes(List<RunResult> results, List<String> stopped, PreparedData data, TrainingConfig example) {
        List<String> notes = new ArrayList<>();
        for (String run : stopped) {
            notes.add("Diverged and left out of the table (the other seeds of the method still count): " + run);
        }
        boolean higher = data.metric().higherIsBetter();
        String model = data.model() != null ? data.model().get().description()
                : options.model.equalsIgnoreCase("mlp") ? "MLP " + options.hidden + " (" + options.activation + ")" : options.model;
        notes.add("Data: " + data.description() + ". Model: " + model + ", "
                + example.epochs() + " epochs; ridge beta " + example.ridge() + ", proximal lambda " + example.prox()
                + "; learning rates: " + (options.learningRate == null ? "defaults (SGD 1e-2, Adam 1e-3)" : options.learningRate) + ".");
        for (String group : groups(results)) {
            if (group != null) { // sweeps: name the winner of each cell
                results.stream().filter(r -> group.equals(r.group())).map(RunResult::method).distinct()
                        .map(m -> stats(results, m, group)).flatMap(Optional::stream)
                        .filter(m -> !Double.isNaN(m.mean()))
                        .min(higher ? java.util.Comparator.comparingDouble(MethodStats::mean).reversed()
                                : java.util.Comparator.comparingDouble(MethodStats::mean))
                        .ifPresent(w -> notes.add(String.format(Locale.ROOT, "Best at %s: %s (mean %s %.4g, %.3f ms/step).",
                                group, w.method(), results.get(0).metricName(), w.mean(), w.msPerStep())));
            }
            Optional<MethodStats> prox = stats(results, "cf-prox", group);
            Optional<MethodStats> sgd = stats(results, "sgd", group);
            if (prox.isPresent() && sgd.isPresent()) {
                double p = prox.get().mean();
                double s = sgd.get().mean();
                String where = group == null ? "" : " at " + group;
                notes.add((higher ? p > s : p < s)
                        ? String.format(Locale.ROOT, "cf-prox beats sgd%s: mean %s %.4g vs %.4g (%.1f%% %s).", where, results.get(0).metricName(), p, s,
                                100 * Math.abs(s - p) / s, higher ? "higher" : "lower")
                        : String.format(Locale.ROOT, "Honest negative: cf-prox does NOT beat sgd%s: mean %s %.4g vs %.4g.", where, results.get(0).metricName(), p, s));
            }
        }
        return notes;
    }

    private static List<String> groups(List<RunResult> results) {
        List<String> groups = new ArrayList<>();
        for (RunResult r : results) {
            if (!groups.contains(r.group())) {
                groups.add(r.group());
            }
        }
        return groups;
    }

    private static Optional<MethodStats> stats(List<RunResult> results, String method, String group) {
        return MethodStats.of(results, false).stream()
                .filter(s -> s.method().equals(method) && java.util.Objects.equals(s.group(), group)).findFirst();
    }

    private static void printTable(List<RunResult> results, boolean higherIsBetter) {
        System.out.printf(Locale.ROOT, "%-22s %14s %12s %10s%n", "method", "mean " + results.get(0).metricName(), "std", "wall s");
        for (MethodStats s : MethodStats.of(results, higherIsBetter)) {
            System.out.printf(Locale.ROOT, "%-22s %14.5g %12.3g %10.1f%n", s.label(), s.mean(), s.std(), s.meanWallSeconds());
        }
    }
}
