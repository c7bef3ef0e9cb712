package dev.closedform.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.experiments.iv.IvColumns;
import dev.closedform.experiments.iv.IvRun;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.iv.DfivConfig;
import dev.closedform.iv.DfivMethod;
import dev.closedform.iv.IvData;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        customSynopsis = "closedform iv train --data FILE --outcome Y --treatment X --instruments Z --grid G --out DIR [OPTIONS]",
        description = "Fit DFIV on a table; write predictions.csv at the --grid points, run.json (with both stages' weights) and metrics.csv.",
        footer = {"", "Examples:",
            "  closedform iv train --data iv.csv --outcome y --treatment p --instruments c --covariates t,s --grid grid.csv --out runs/iv",
            "  closedform iv train --data iv.csv --outcome y --treatment p --instruments z --features linear --split none --grid g.csv --out runs/2sls"})
final class IvTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--method", defaultValue = "dfiv-full", description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = IvMethodNames.class)
    String method;

    @Option(names = "--seed", defaultValue = "1", description = "Fixes the split, initialisation and batch order. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume", description = "Continue the run in --out from its checkpoint; only --epochs may differ.")
    boolean resume;

    @ArgGroup(validate = false, heading = "%nData%n", order = 1)
    IvTableOptions table = new IvTableOptions();

    @Mixin
    IvGroups groups;

    @Override
    public Integer call() {
        groups.run.applyThreads();
        groups.run.refuseSpark("the iv commands");
        if (groups.run.out == null) {
            throw new IllegalArgumentException("--out DIR is required (the run folder)");
        }
        if (table.data == null) {
            throw new IllegalArgumentException("iv train needs --data FILE.csv");
        }
        if (table.grid == null) {
            throw new IllegalArgumentException("iv train needs --grid G.csv (the points at which to predict)");
        }
        IvColumns columns = new IvColumns(table.outcome, table.treatment, table.instruments, table.covariates);
        DfivConfig config = groups.training.config(method, seed, groups.nets, groups.stages, IvTrainingOptions.twoWay("--split", table.split, "none", "half"));
        IvData data = columns.read(table.data);
        IvColumns.Points points = columns.points(table.grid);
        ObjectNode record = RunDirectory.JSON.createObjectNode();
        record.put("file", table.data.toAbsolutePath().toString());
        record.put("grid", table.grid.toAbsolutePath().toString());
        record.put("rows", data.rows());
        record.put("outcome", data.outcomeName());
        record.set("treatment", RunDirectory.JSON.valueToTree(data.treatmentNames()));
        record.set("instruments", RunDirectory.JSON.valueToTree(data.instrumentNames()));
        record.set("covariates", RunDirectory.JSON.valueToTree(data.covariateNames()));
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        IvRun.Outcome outcome;
        long steps = config.method().fullBatch() ? config.epochs() : (long) config.epochs() * Math.max(1, data.rows() / 2 / config.batchSize());
        try (Console.Progress progress = Console.progress(config.method().label(), steps, groups.run.quiet)) {
            outcome = IvRun.builder().setData(data).setConfig(config).optDataRecord(record).optPoints(points)
                    .optListener(progress.listener(config.method().label())).optNotices(Console::note).optResume(resume)
                    .optOverwrite(groups.run.overwrite).optCommandLine(args).build().run(groups.run.out);
        }
        System.out.printf(Locale.ROOT, "%s on %s (%d rows, %s): %d predictions in %.1f s%n", config.method().label(),
                table.data, data.rows(), config.describe(), points.values().rows(), outcome.result().wallSeconds());
        System.out.println("wrote " + groups.run.out.resolve(IvRun.PREDICTIONS_CSV) + ", " + RunDirectory.RUN_JSON + ", " + RunDirectory.METRICS_CSV);
        return 0;
    }

    /** The DFIV method names for help texts. */
    static final class IvMethodNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return DfivMethod.labels().iterator();
        }
    }

    /** The "Data" options of iv train. */
    static final class IvTableOptions {
        @Option(names = "--data", paramLabel = "FILE", description = "The table (CSV with a header).")
        Path data;

        @Option(names = "--outcome", paramLabel = "COL", description = "Outcome column.")
        String outcome;

        @Option(names = "--treatment", split = ",", paramLabel = "COL", description = "Treatment column(s).")
        List<String> treatment;

        @Option(names = "--instruments", split = ",", paramLabel = "COL", description = "Instrument column(s); the covariates are added as their own instruments.")
        List<String> instruments;

        @Option(names = "--covariates", split = ",", paramLabel = "COL", description = "Exogenous covariate column(s) (optional).")
        List<String> covariates;

        @Option(names = "--grid", paramLabel = "FILE", description = "CSV of points (treatment and covariate columns) at which to predict.")
        Path grid;

        @Option(names = "--split", defaultValue = "half", description = "half (stage 1 and stage 2 on disjoint halves, DFIV) or "
                + "none (all rows in both, classical 2SLS). Default: ${DEFAULT-VALUE}.")
        String split = "half";
    }
}
