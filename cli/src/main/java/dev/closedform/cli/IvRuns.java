package dev.closedform.cli;

import dev.closedform.experiments.run.Provenance;
import dev.closedform.experiments.run.RunDirectory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.experiments.report.ReportSpec;
import dev.closedform.experiments.report.ReportWriter;
import dev.closedform.experiments.report.RunResult;
import dev.closedform.experiments.report.SummaryWriter;
import dev.closedform.data.AtomicFiles;
import dev.closedform.experiments.iv.DemandDesign;
import dev.closedform.head.DenseMatrix;
import dev.closedform.iv.DfivConfig;
import dev.closedform.iv.DfivMethod;
import dev.closedform.iv.DfivModel;
import dev.closedform.iv.DfivTrainer;
import dev.closedform.iv.IvData;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.UpdateOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** The instrumental-variable runs behind {@code train --task iv} and {@code compare --task demand}. */
final class IvRuns {

    static final String PREDICTIONS_CSV = "predictions.csv";
    static final String RUNS_HEADER = "n,rho,method,seed,test_mse,test_mse_before_refit,wall_seconds\n";
    static final String DEMAND_METHODS = "dfiv-full,dfiv-batch-refit,dfiv-batch,cf-prox-refit,cf-prox";

    private IvRuns() {
    }

    /** Shared-option values as the IV tasks read them (their own defaults where the user gave none). */
    record Shared(int epochs, int batchSize, Double learningRate, double prox, boolean backboneFirst) {

        /**
         * DFIV defaults (100 epochs, batch 100, lambda 0.3, the original DFIV's last-layer-first order) unless the
         * user gave --epochs / --batch-size / --prox / --order.
         */
        static Shared from(picocli.CommandLine.ParseResult parse, RunOptions options, int batchSize) {
            return new Shared(parse.hasMatchedOption("--epochs") ? options.epochs : 100,
                    parse.hasMatchedOption("--batch-size") ? batchSize : 100,
                    options.learningRate == null ? null : Double.parseDouble(options.learningRate),
                    parse.hasMatchedOption("--prox") ? options.prox : DfivConfig.DEFAULT_PROX,
                    options.order != null && RunOptions.parseOrder(options.order) == UpdateOrder.BACKBONE_FIRST);
        }
    }

    static IvData readCsv(IvOptions iv, Path data) throws IOException {
        if (data == null) {
            throw new IllegalArgumentException("--task iv needs --data FILE.csv");
        }
        if (iv.outcome == null || iv.treatment == null || iv.instruments == null) {
            throw new IllegalArgumentException("--task iv needs --outcome, --treatment and --instruments");
        }
        IvTable table = IvTable.read(data);
        List<String> cov = iv.covariates == null ? List.of() : iv.covariates.stream().map(String::trim).toList();
        LinkedHashSet<String> instruments = new LinkedHashSet<>();
        iv.instruments.forEach(s -> instruments.add(s.trim()));
        instruments.addAll(cov); // exogenous covariates are their own instruments
        List<String> treat = iv.treatment.stream().map(String::trim).toList();
        return new IvData(table.columns(treat), table.columns(new ArrayList<>(instruments)),
                cov.isEmpty() ? null : table.columns(cov), table.column(table.column(iv.outcome)), treat,
                new ArrayList<>(instruments), cov, iv.outcome.trim());
    }

    static int trainCsv(IvOptions iv, Path dataFile, String method, Shared shared, long seed, Path out,
                        List<String> args) throws IOException {
        if (iv.grid == null) {
            throw new IllegalArgumentException("--task iv needs --grid G.csv (the points at which to predict)");
        }
        IvData data = readCsv(iv, dataFile);
        IvTable grid = IvTable.read(iv.grid);
        DenseMatrix gx = grid.columns(data.treatmentNames());
        DenseMatrix gw = data.hasCovariates() ? grid.columns(data.covariateNames()) : null;
        DfivConfig config = iv.build(method, shared, seed);
        Files.createDirectories(out);
        DfivTrainer.Result r = DfivTrainer.train(data, config, null);
        try (DfivModel model = r.model()) {
            double[] pred = model.predict(gx, gw);
            StringBuilder csv = new StringBuilder(String.join(",", grid.header())).append(",prediction\n");
            for (int i = 0; i < pred.length; i++) {
                for (double v : grid.rows()[i]) {
                    csv.append(num(v)).append(',');
                }
                csv.append(num(pred[i])).append('\n');
            }
            AtomicFiles.writeString(out.resolve(PREDICTIONS_CSV), csv.toString());
            ObjectNode run = runJson(args, "iv", config, r);
            run.put("data", dataFile.toString());
            run.put("grid", iv.grid.toString());
            run.put("rows", data.rows());
            run.put("outcome", data.outcomeName());
            run.set("treatment", strings(data.treatmentNames()));
            run.set("instruments", strings(data.instrumentNames()));
            run.set("covariates", strings(data.covariateNames()));
            ObjectNode w = run.putObject("weights");
            w.set("stage1", matrix(model.stage1()));
            w.set("stage2", matrix(model.stage2()));
            new RunDirectory(out).writeRunJson(run);
            writeMetrics(out, r.curve());
        }
        System.out.printf(Locale.ROOT, "%s on %s (%d rows, %s): %d predictions in %.1f s%n", config.method().label(),
                dataFile, data.rows(), config.describe(), grid.rows().length, r.wallSeconds());
        System.out.println("wrote " + out.resolve(PREDICTIONS_CSV) + ", " + RunDirectory.RUN_JSON + ", " + RunDirectory.METRICS_CSV);
        return 0;
    }

    /**
     * The methods in running order: a method without refit ({@code dfiv-batch}, {@code cf-prox}) right after its
     * refit counterpart when both are asked for, since it is exactly that seeded training run read before its refit
     * (one run serves both).
     */
    static List<String> trainingOrder(List<String> ms) {
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
    static String readOffRefit(String m, List<String> ms) {
        for (String other : ms) {
            DfivMethod without = DfivMethod.parse(other).withoutRefit();
            if (without != null && without.label().equals(m)) {
                return other;
            }
        }
        return null;
    }

    /** {@code compare --task demand}: every (n, rho) cell, every method, seeds 1..K; MSE on the 2800-point grid. */
    static int compareDemand(IvOptions iv, List<String> methods, int seeds, Shared shared, Path out, List<String> args)
            throws IOException {
        List<Integer> ns = iv.n == null ? List.of(5000) : iv.n;
        List<Double> rhos = iv.rho == null ? List.of(0.5) : iv.rho;
        List<String> ms = methods.stream().map(m -> m.trim().toLowerCase(Locale.ROOT)).toList();
        for (String m : ms) {
            iv.build(m, shared, 1); // validate first
        }
        DemandDesign.Grid grid = DemandDesign.grid();
        DenseMatrix gx = grid.treatment();
        DenseMatrix gw = grid.covariates();
        List<RunResult> results = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        int total = ns.size() * rhos.size() * seeds * ms.size();
        int done = 0;
        for (int n : ns) {
            for (double rho : rhos) {
                String group = "n=" + n + ", rho=" + rho;
                for (int seed = 1; seed <= seeds; seed++) {
                    IvData data = DemandDesign.generate(n, rho, seed).toIvData();
                    java.util.Map<String, DfivTrainer.Result> refitRuns = new java.util.HashMap<>();
                    for (String m : trainingOrder(ms)) {
                        DfivTrainer.Result r;
                        String refit = readOffRefit(m, ms);
                        if (refit != null) {
                            r = refitRuns.get(refit).beforeRefit(); // the same seeded training run, read before its refit
                        } else {
                            DfivConfig config = iv.build(m, shared, seed);
                            r = DfivTrainer.train(data, config, model -> grid.mse(model.predict(gx, gw)));
                            r.model().close();
                            refitRuns.put(m, r);
                        }
                        results.add(new RunResult(m, seed, "test_mse", r.curve(), group));
                        rows.add(new String[] {String.valueOf(n), String.valueOf(rho), m, String.valueOf(seed),
                            num(r.finalMetric()), num(r.metricBeforeRefit()), num(r.wallSeconds())});
                        done++;
                        Files.createDirectories(out);
                        StringBuilder partial = new StringBuilder(RUNS_HEADER);
                        rows.forEach(row -> partial.append(String.join(",", row)).append('\n'));
                        AtomicFiles.writeString(out.resolve("runs.csv"), partial.toString()); // progress survives a kill
                        System.err.printf(Locale.ROOT, "[%d/%d] %s %s seed %d: mse %.1f (%.1f s)%n", done, total, group, m, seed,
                                r.finalMetric(), r.wallSeconds());
                    }
                }
            }
        }
        Files.createDirectories(out);
        StringBuilder runs = new StringBuilder(RUNS_HEADER);
        rows.forEach(r -> runs.append(String.join(",", r)).append('\n'));
        AtomicFiles.writeString(out.resolve("runs.csv"), runs.toString());
        List<String> table = cellTable(results);
        String cmd = "closedform " + String.join(" ", args); // args start with the subcommand
        List<String> notes = new ArrayList<>();
        notes.add("Demand design (PAPER.md 5.3), MSE against the noiseless structural function on the 2800-point grid,"
                + " original units. Median and interquartile range over seeds " + seeds + " per (n, rho).");
        ReportSpec spec = ReportSpec.builder().setTitle("closedform DFIV comparison: demand design").setTask("demand")
                .optCommandLine(cmd).optNotes(notes).build();
        SummaryWriter.write(out, spec, results);
        ReportWriter.write(out, spec, results);
        StringBuilder md = new StringBuilder("# DFIV on the demand design\n\n`" + cmd + "`\n\n");
        table.forEach(l -> md.append(l).append('\n'));
        AtomicFiles.writeString(out.resolve("dfiv-summary.md"), md.toString());
        table.forEach(System.out::println);
        System.out.println("wrote " + out.resolve("dfiv-summary.md") + ", runs.csv, summary.json, report.md");
        return 0;
    }

    /** Markdown table: per (n, rho) and method, median and IQR of the test MSE, and mean wall time. */
    static List<String> cellTable(List<RunResult> results) {
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
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static ObjectNode runJson(List<String> args, String task, DfivConfig c, DfivTrainer.Result r) {
        ObjectNode run = JsonNodeFactory.instance.objectNode();
        run.put("tool", "closedform");
        ArrayNode cmd = run.putArray("command");
        args.forEach(cmd::add);
        run.put("task", task);
        run.put("method", c.method().label());
        run.put("seed", c.seed());
        ObjectNode cfg = run.putObject("config");
        cfg.put("features", c.linear() ? "linear" : "mlp");
        cfg.put("model", c.describe());
        cfg.put("split", c.splitHalf() ? "half" : "none");
        cfg.put("ridge1", c.ridge1());
        cfg.put("ridge2", c.ridge2());
        cfg.put("prox", c.prox());
        cfg.put("prox1", c.effectiveStage1Prox());
        cfg.put("prox_metric", c.scaledProx() ? "diagonal" : "identity");
        cfg.put("final_weights", c.pooledFinal() ? "pooled" : "last");
        cfg.put("memory_batches", c.rlsMemory()); // cf-rls and pooled final weights; 0 = one epoch
        cfg.put("epochs", c.epochs());
        cfg.put("batch_size", c.batchSize());
        cfg.put("stage1_iters", c.effectiveStage1Iters());
        cfg.put("stage2_iters", c.stage2Iters());
        cfg.put("order", c.backboneFirst() ? "backbone-first" : "last-layer-first");
        cfg.put("learning_rate", c.learningRate());
        cfg.put("lr_schedule", c.cosineLr() ? "cosine" : "constant");
        cfg.put("covariate_weight_decay", c.covariateWeightDecay());
        ObjectNode res = run.putObject("result");
        res.put("wall_seconds", r.wallSeconds());
        EpochMetrics last = r.curve().get(r.curve().size() - 1);
        res.put("final_stage2_train_loss", last.trainLoss());
        res.put("steps", last.steps());
        run.set("provenance", Provenance.toJson());
        return run;
    }

    private static void writeMetrics(Path out, List<EpochMetrics> curve) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,steps,train_loss,test_metric,wall_seconds\n");
        for (EpochMetrics m : curve) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.10g,%.10g,%.6f%n", m.epoch(), m.steps(), m.trainLoss(),
                    m.testMetric(), m.wallSeconds()));
        }
        AtomicFiles.writeString(out.resolve(RunDirectory.METRICS_CSV), csv.toString());
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static ArrayNode matrix(DenseMatrix m) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < m.rows(); i++) {
            ArrayNode row = a.addArray();
            for (int j = 0; j < m.cols(); j++) {
                row.add(m.get(i, j));
            }
        }
        return a;
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.17g", v);
    }

    static List<String> asList(String csv) {
        return Arrays.asList(csv.split(","));
    }
}
