package dev.closedform.experiments.iv;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.data.AtomicFiles;
import dev.closedform.engine.EngineSettings;
import dev.closedform.experiments.report.ReportSpec;
import dev.closedform.experiments.report.ReportWriter;
import dev.closedform.experiments.report.RunResult;
import dev.closedform.experiments.report.SummaryWriter;
import dev.closedform.experiments.run.OutputPlan;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.head.DenseMatrix;
import dev.closedform.iv.DfivConfig;
import dev.closedform.iv.DfivMethod;
import dev.closedform.iv.DfivTrainer;
import dev.closedform.iv.IvData;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The demand design over sample sizes x confounding strengths x methods x seeds: every run in
 * {@code out/runs/<label>/} ({@link IvRun}), then {@code runs.csv}, {@code dfiv-summary.md} (median and
 * IQR per cell), {@code summary.json} and the report. A method without refit ({@code dfiv-batch},
 * {@code cf-prox}) next to its refit counterpart is read off the refit run before its refit: the same
 * seeded training, so it is not trained twice. Finished runs in {@code out} are reused when their
 * configuration is the requested one, interrupted ones continued.
 */
public final class DemandSweep {

    static {
        EngineSettings.ensureOffline();
    }

    public static final String RUNS_HEADER = "n,rho,method,seed,test_mse,test_mse_before_refit,wall_seconds\n";

    /** One planned run: the cell, method, seed, its folder label and configuration. */
    public record Planned(int n, double rho, String method, long seed, String label, DfivConfig config, String readOffRefit) {
        String group() {
            return "n=" + n + ", rho=" + rho;
        }
    }

    /** What the sweep produced. */
    public record Result(List<RunResult> runs, List<String> table, Path summary) {}

    private final List<Planned> planned;
    private final boolean overwrite;
    private final Consumer<String> notices;
    private final List<String> commandLine;

    private DemandSweep(List<Planned> planned, boolean overwrite, Consumer<String> notices, List<String> commandLine) {
        this.planned = planned;
        this.overwrite = overwrite;
        this.notices = notices;
        this.commandLine = List.copyOf(commandLine);
    }

    /**
     * @param configs the configuration of a method and seed (the caller's options; validated here for every method)
     */
    public static DemandSweep of(List<Integer> ns, List<Double> rhos, List<String> methods, int seeds,
            BiFunction<String, Long, DfivConfig> configs, boolean overwrite, Consumer<String> notices, List<String> commandLine) {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        List<String> ms = methods.stream().map(m -> m.trim().toLowerCase(Locale.ROOT)).toList();
        ms.forEach(m -> configs.apply(m, 1L)); // validate every method before anything runs
        List<Planned> planned = new ArrayList<>();
        for (int n : ns) {
            for (double rho : rhos) {
                for (long seed = 1; seed <= seeds; seed++) {
                    for (String m : trainingOrder(ms)) {
                        String refit = readOffRefit(m, ms);
                        String label = m + "-n" + n + "-rho" + rho + "-seed" + seed;
                        planned.add(new Planned(n, rho, m, seed, label, configs.apply(m, seed), refit));
                    }
                }
            }
        }
        return new DemandSweep(planned, overwrite, notices, commandLine);
    }

    public List<Planned> planned() {
        return planned;
    }

    /** Batch pairs over every run that trains (for a progress bar). */
    public long totalSteps() {
        long total = 0;
        for (Planned p : planned) {
            if (p.readOffRefit() == null) {
                int half = p.n() / 2;
                total += (long) p.config().epochs() * (p.config().method().fullBatch() ? 1 : Math.max(1, half / p.config().batchSize()));
            }
        }
        return total;
    }

    public Result run(Path out, Function<String, TrainingListener> listeners) {
        DemandDesign.Grid grid = DemandDesign.grid();
        DenseMatrix gx = grid.treatment();
        DenseMatrix gw = grid.covariates();
        Map<String, IvData> data = new HashMap<>();
        List<String> refused = new ArrayList<>();
        for (Planned p : planned) {
            if (p.readOffRefit() == null) {
                try {
                    run(p, data, gx, gw, grid, TrainingListener.NONE).check(out.resolve("runs").resolve(p.label()));
                } catch (IllegalArgumentException e) {
                    refused.add(p.label() + ": " + e.getMessage());
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(refused.size() + " runs cannot go into " + out + " (" + refused.get(0)
                    + (refused.size() > 1 ? "; and " + (refused.size() - 1) + " more" : "")
                    + "); --overwrite replaces differing runs once their new runs have finished");
        }
        List<RunResult> results = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        Map<String, DfivTrainer.Result> refitRuns = new HashMap<>();
        int done = 0;
        for (Planned p : planned) {
            DfivTrainer.Result r;
            if (p.readOffRefit() != null) {
                r = refitRuns.get(p.readOffRefit()).beforeRefit(); // the same seeded training run, read before its refit
            } else {
                r = run(p, data, gx, gw, grid, listeners.apply(p.label())).run(out.resolve("runs").resolve(p.label())).result();
                refitRuns.put(p.method(), r);
            }
            results.add(new RunResult(p.method(), p.seed(), "test_mse", r.curve(), p.group()));
            rows.add(new String[] {String.valueOf(p.n()), String.valueOf(p.rho()), p.method(), String.valueOf(p.seed()),
                IvRun.num(r.finalMetric()), IvRun.num(r.metricBeforeRefit()), IvRun.num(r.wallSeconds())});
            done++;
            writeRuns(out, rows); // progress survives a kill
            notices.accept(String.format(Locale.ROOT, "[%d/%d] %s %s seed %d: mse %.1f (%.1f s)", done, planned.size(), p.group(),
                    p.method(), p.seed(), r.finalMetric(), r.wallSeconds()));
        }
        List<String> table = cellTable(results);
        String cmd = "closedform " + String.join(" ", commandLine);
        List<String> notes = List.of("Demand design, MSE against the noiseless structural function on the 2800-point grid,"
                + " original units. Median and interquartile range over the seeds of each (n, rho).");
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("n", planned.stream().map(Planned::n).distinct().toList());
        configuration.put("rho", planned.stream().map(Planned::rho).distinct().toList());
        configuration.put("seeds", planned.stream().map(Planned::seed).distinct().toList());
        Map<String, Object> methods = new LinkedHashMap<>();
        planned.forEach(p -> methods.putIfAbsent(p.method(), p.config().resumeKey()));
        configuration.put("methods", methods);
        ReportSpec spec = ReportSpec.builder().setTitle("closedform DFIV comparison: demand design").setTask("demand")
                .optCommandLine(cmd).optNotes(notes).optConfiguration(configuration).build();
        try {
            Path summary = SummaryWriter.write(out, spec, results);
            ReportWriter.write(out, spec, results);
            StringBuilder md = new StringBuilder("# DFIV on the demand design\n\n`" + cmd + "`\n\n");
            table.forEach(l -> md.append(l).append('\n'));
            AtomicFiles.writeString(out.resolve("dfiv-summary.md"), md.toString());
            return new Result(results, table, summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + out + ": " + e.getMessage(), e);
        }
    }

    private IvRun run(Planned p, Map<String, IvData> data, DenseMatrix gx, DenseMatrix gw, DemandDesign.Grid grid,
            TrainingListener listener) {
        IvData d = data.computeIfAbsent(p.n() + "/" + p.rho() + "/" + p.seed(),
                k -> DemandDesign.generate(p.n(), p.rho(), p.seed()).toIvData());
        ObjectNode record = RunDirectory.JSON.createObjectNode();
        record.put("generator", "demand design");
        record.put("n", p.n());
        record.put("rho", p.rho());
        record.put("seed", p.seed());
        return IvRun.builder().setData(d).setConfig(p.config()).optTask("demand").optDataRecord(record)
                .optMetric(model -> grid.mse(model.predict(gx, gw))).optListener(listener).optNotices(OutputPlan.quietFresh(notices))
                .optResume(true).optOverwrite(overwrite).optCommandLine(commandLine).build();
    }

    private static void writeRuns(Path out, List<String[]> rows) {
        StringBuilder csv = new StringBuilder(RUNS_HEADER);
        rows.forEach(row -> csv.append(String.join(",", row)).append('\n'));
        try {
            AtomicFiles.writeString(out.resolve("runs.csv"), csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("runs.csv") + ": " + e.getMessage(), e);
        }
    }

    /**
     * The methods in running order: a method without refit ({@code dfiv-batch}, {@code cf-prox}) right after its
     * refit counterpart when both are asked for, since it is exactly that seeded training run read before its refit.
     */
    public static List<String> trainingOrder(List<String> ms) {
        List<String> order = new ArrayList<>();
        for (String m : ms) {
            if (readOffRefit(m, ms) == null) {
                order.add(m);
            }
            DfivMethod without = DfivMethod.parse(m).withoutRefit();
            if (without != null && ms.contains(without.label())) {
                order.add(without.label());
            }
        }
        return order;
    }

    /** The refit method whose run also yields {@code m} when both are in {@code ms}, else null. */
    public static String readOffRefit(String m, List<String> ms) {
        for (String other : ms) {
            DfivMethod without = DfivMethod.parse(other).withoutRefit();
            if (without != null && without.label().equals(m)) {
                return other;
            }
        }
        return null;
    }

    /** Markdown table: per (n, rho) and method, median and IQR of the test MSE, and mean wall time. */
    public static List<String> cellTable(List<RunResult> results) {
        List<String> lines = new ArrayList<>();
        lines.add("| n, rho | method | seeds | median MSE | IQR (25%-75%) | mean wall s |");
        lines.add("|---|---|---|---|---|---|");
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        results.forEach(r -> keys.add(r.group() + "\u0000" + r.method()));
        for (String key : keys) {
            String[] gm = key.split("\u0000");
            double[] mse = results.stream().filter(r -> r.group().equals(gm[0]) && r.method().equals(gm[1]))
                    .mapToDouble(RunResult::finalTestMetric).sorted().toArray();
            double wall = results.stream().filter(r -> r.group().equals(gm[0]) && r.method().equals(gm[1]))
                    .mapToDouble(RunResult::wallSeconds).average().orElse(Double.NaN);
            lines.add(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f-%.1f | %.1f |", gm[0], gm[1], mse.length,
                    quantile(mse, 0.5), quantile(mse, 0.25), quantile(mse, 0.75), wall));
        }
        return lines;
    }

    /** Linear interpolation between order statistics (NumPy's default) of sorted values. */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
