package dev.closedform.cli;

import dev.closedform.experiments.reproduce.ExperimentReport;
import dev.closedform.experiments.reproduce.Experiments;
import dev.closedform.experiments.reproduce.Format;
import dev.closedform.experiments.reproduce.ReproduceSuite;
import dev.closedform.experiments.reproduce.Scale;
import dev.closedform.experiments.reproduce.SuiteProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        description = {"Every experiment of the paper (Figure 1, FNO on Burgers and Darcy, DFIV on the demand design, squared-loss",
            "classification, the ablations, the theory of section 4) in one run and one report: report.md, report.html and",
            "reproduce.json in --out, a summary table first (claim, our result, verdict), time to target and cost per method.",
            "Prints the plan and its estimated time first; --resume continues an interrupted reproduction without redoing",
            "finished runs."},
        footer = {"", "Examples:",
            "  closedform reproduce --scale smoke",
            "  closedform reproduce --scale paper --dry-run",
            "  closedform reproduce --scale paper --only burgers,darcy,demand,fashion-mnist --threads 2 --out runs/paper",
            "  closedform reproduce --scale paper --only ablations --seeds 1 --resume --out runs/paper"})
final class ReproduceCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "smoke", paramLabel = "smoke|paper", description = "smoke (every experiment on tiny "
            + "sizes, minutes) or paper (the paper's data sizes, hours). Default: ${DEFAULT-VALUE}.")
    String scale;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Run only these experiments (or groups ablations, "
            + "theory, fno, classification); the experiments they read are added.")
    List<String> only;

    @Option(names = "--seeds", paramLabel = "K", description = "Seeds 1..K for every experiment. Default: each experiment's own.")
    Integer seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/reproduce-<scale>.")
    Path out;

    @Option(names = "--resume", description = "Continue the reproduction in --out: finished runs are reused, interrupted ones continued.")
    boolean resume;

    @Option(names = "--dry-run", description = "Print the plan and its estimated time, run nothing.")
    boolean dryRun;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch intra-op threads (0: all cores). Default: 1 at the "
            + "smoke scale (its tensors are too small to gain from more, and threads waiting on a busy core slowed it 10x), "
            + "all cores at the paper scale.")
    Integer threads;

    @Option(names = "--quiet", description = "No progress output on standard error.")
    boolean quiet;

    @Override
    public Integer call() {
        if (threads != null && threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        }
        if (seeds != null && seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        Scale s = Scale.parse(scale);
        Path dir = out != null ? out : Path.of("runs", "reproduce-" + s.label());
        ReproduceSuite suite = ReproduceSuite.builder().setScale(s).setOut(dir).optOnly(only).optSeeds(seeds).optResume(resume)
                .optThreads(threads != null ? threads : s.pick(1, 0)).optNotices(quiet ? m -> {} : Console::note).build();
        printPlan(suite);
        if (dryRun) {
            return 0;
        }
        ReproduceSuite.Result result;
        try (Bar bar = quiet ? null : new Bar()) {
            result = suite.run(bar == null ? SuiteProgress.NONE : bar);
        }
        System.out.println();
        for (ExperimentReport r : result.reports()) {
            System.out.printf(Locale.ROOT, "%-22s %s%n", r.name(), r.verdict().label());
        }
        System.out.println("report: " + result.files().html().toAbsolutePath());
        System.out.println("        " + result.files().markdown().toAbsolutePath());
        return 0;
    }

    private static void printPlan(ReproduceSuite suite) {
        System.out.println("plan (" + suite.settings().scale().label() + " scale, into " + suite.settings().out() + "):");
        suite.addedRequirements().forEach((e, req) -> System.out.println("  (" + String.join(", ", req) + " added: " + e + " reads it)"));
        int runs = 0;
        for (ReproduceSuite.Planned p : suite.plan()) {
            System.out.printf(Locale.ROOT, "  %-22s %4d runs, about %s%n", p.experiment().name(), p.plan().runs(),
                    Format.duration(p.plan().seconds()));
            p.plan().lines().forEach(l -> System.out.println("      " + l));
            runs += p.plan().runs();
        }
        System.out.println("estimated time: " + Format.duration(suite.estimatedSeconds()) + " for " + runs + " runs (step costs measured "
                + "on a quiet 2-core machine; a loaded machine takes longer; finished runs in --out are not redone)");
        System.out.println("experiments: " + String.join(", ", Experiments.names()));
    }

    /** One bar over the whole reproduction, in estimated seconds of work, with its ETA. */
    private static final class Bar implements SuiteProgress, AutoCloseable {
        private ProgressBar bar;
        private double done;

        @Override
        public void started(double estimatedSeconds) {
            bar = ProgressReporter.newBar("reproduce (est. s)", Math.max(1, Math.round(estimatedSeconds)));
        }

        @Override
        public void advanced(double estimatedSeconds, String label) {
            done += estimatedSeconds;
            bar.stepTo(Math.min(bar.getMax(), Math.round(done)));
            bar.setExtraMessage(label);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
