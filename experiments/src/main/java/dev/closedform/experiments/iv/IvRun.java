package dev.closedform.experiments.iv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.data.AtomicFiles;
import dev.closedform.engine.EngineSettings;
import dev.closedform.experiments.run.OutputPlan;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.run.RunRecord;
import dev.closedform.iv.DfivConfig;
import dev.closedform.iv.DfivModel;
import dev.closedform.iv.DfivTrainer;
import dev.closedform.iv.IvData;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.NpzCheckpointStore;
import dev.closedform.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * One DFIV run into a run directory: {@code run.json} (identity, provenance, status, result and both
 * stages' weights), {@code metrics.csv} and {@code checkpoint.npz} after every epoch, and
 * {@code predictions.csv} at the given points. The folder is used as {@link OutputPlan} decides: a
 * failure never leaves files of two runs, and {@code --resume} continues from the checkpoint.
 */
public final class IvRun {

    static {
        EngineSettings.ensureOffline();
    }

    public static final String PREDICTIONS_CSV = "predictions.csv";

    /** What the run produced; {@code reused}: the folder already held it, finished. */
    public record Outcome(DfivTrainer.Result result, Path dir, boolean reused) {}

    private final IvData data;
    private final DfivConfig config;
    private final String task;
    private final ObjectNode dataRecord;
    private final IvColumns.Points points;
    private final ToDoubleFunction<DfivModel> metric;
    private final TrainingListener listener;
    private final Consumer<String> notices;
    private final boolean resume;
    private final boolean overwrite;
    private final List<String> commandLine;

    private IvRun(Builder b) {
        this.data = b.data;
        this.config = b.config;
        this.task = b.task;
        this.dataRecord = b.dataRecord != null ? b.dataRecord : RunDirectory.JSON.createObjectNode().put("rows", b.data.rows());
        this.points = b.points;
        this.metric = b.metric;
        this.listener = b.listener;
        this.notices = b.notices;
        this.resume = b.resume;
        this.overwrite = b.overwrite;
        this.commandLine = List.copyOf(b.commandLine);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What {@link #run} would do with {@code out}, or the error it would throw; nothing is written. */
    public OutputPlan.Mode check(Path out) {
        return OutputPlan.decide(out, IvRecord.create(task, config, dataRecord, commandLine), resume, overwrite, s -> {}).mode();
    }

    public Outcome run(Path out) {
        ObjectNode record = IvRecord.create(task, config, dataRecord, commandLine);
        OutputPlan plan = OutputPlan.decide(out, record, resume, overwrite, notices);
        if (plan.mode() == OutputPlan.Mode.DONE) {
            notices.accept(out + ": this run is already finished; nothing to do");
            return new Outcome(reread(out, plan.existing()), out, true);
        }
        RunDirectory dir = RunDirectory.open(plan.prepareWorkDir());
        List<EpochMetrics> history = new ArrayList<>();
        if (plan.mode() == OutputPlan.Mode.RESUME) {
            new NpzCheckpointStore(dir.checkpoint()).load().ifPresent(c -> history.addAll(c.metrics()));
        }
        TrainingListener writer = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                history.add(m);
                writeMetrics(dir, history);
            }
        };
        write(dir, record);
        DfivTrainer.Result r;
        try {
            r = DfivTrainer.train(data, config, metric, writer.andThen(listener), new NpzCheckpointStore(dir.checkpoint()));
            try (DfivModel model = r.model()) {
                if (points != null) {
                    writePredictions(dir.path().resolve(PREDICTIONS_CSV), model.predict(points.treatment(), points.covariates()));
                }
                ObjectNode w = record.putObject("weights");
                w.set("stage1", IvRecord.matrix(model.stage1()));
                w.set("stage2", IvRecord.matrix(model.stage2()));
            }
            writeMetrics(dir, r.curve());
            IvRecord.finish(record, r);
            write(dir, record);
        } catch (RuntimeException e) {
            RunRecord.fail(record, e.getMessage());
            try {
                write(dir, record);
            } catch (RuntimeException ignored) {
                // the original failure is what the user must see
            }
            throw e;
        }
        plan.commit();
        return new Outcome(r.model() == null ? r : withoutModel(r), out, false);
    }

    private static DfivTrainer.Result withoutModel(DfivTrainer.Result r) {
        return new DfivTrainer.Result(null, r.curve(), r.metricBeforeRefit(), r.wallSeconds(), r.steps(), r.wallBeforeRefit());
    }

    /** A finished run read back from its folder (its model is not rebuilt). */
    private static DfivTrainer.Result reread(Path out, JsonNode saved) {
        List<EpochMetrics> curve = RunDirectory.readMetrics(out.resolve(RunDirectory.METRICS_CSV));
        JsonNode res = saved.path("result");
        return new DfivTrainer.Result(null, curve, res.path("test_metric_before_refit").asDouble(Double.NaN),
                res.path("wall_seconds").asDouble(), null, res.path("wall_seconds_before_refit").asDouble(Double.NaN));
    }

    private void writePredictions(Path file, double[] pred) {
        StringBuilder csv = new StringBuilder(String.join(",", points.names())).append(",prediction\n");
        for (int i = 0; i < pred.length; i++) {
            for (int j = 0; j < points.values().cols(); j++) {
                csv.append(num(points.values().get(i, j))).append(',');
            }
            csv.append(num(pred[i])).append('\n');
        }
        try {
            AtomicFiles.writeString(file, csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeMetrics(RunDirectory dir, List<EpochMetrics> curve) {
        try {
            dir.writeMetrics("test_metric", curve);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics in " + dir.path() + ": " + e.getMessage(), e);
        }
    }

    private static void write(RunDirectory dir, ObjectNode record) {
        try {
            dir.writeRunJson(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.path().resolve(RunDirectory.RUN_JSON) + ": " + e.getMessage(), e);
        }
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.17g", v);
    }

    /** {@code setData} and {@code setConfig} are required. */
    public static final class Builder {
        private IvData data;
        private DfivConfig config;
        private String task = "iv";
        private ObjectNode dataRecord;
        private IvColumns.Points points;
        private ToDoubleFunction<DfivModel> metric;
        private TrainingListener listener = TrainingListener.NONE;
        private Consumer<String> notices = s -> {};
        private boolean resume;
        private boolean overwrite;
        private List<String> commandLine = List.of();

        public Builder setData(IvData v) { data = v; return this; }
        public Builder setConfig(DfivConfig v) { config = v; return this; }
        /** The task name in the record (default {@code iv}). */
        public Builder optTask(String v) { task = v; return this; }
        /** How the record describes the data (file, columns, generator): part of the run's identity. */
        public Builder optDataRecord(ObjectNode v) { dataRecord = v; return this; }
        /** Where to predict the structural function ({@code predictions.csv}). */
        public Builder optPoints(IvColumns.Points v) { points = v; return this; }
        /** A test metric evaluated after every epoch (e.g. the MSE on the demand design's grid). */
        public Builder optMetric(ToDoubleFunction<DfivModel> v) { metric = v; return this; }
        public Builder optListener(TrainingListener v) { listener = v; return this; }
        public Builder optNotices(Consumer<String> v) { notices = v; return this; }
        public Builder optResume(boolean v) { resume = v; return this; }
        public Builder optOverwrite(boolean v) { overwrite = v; return this; }
        public Builder optCommandLine(List<String> v) { commandLine = v; return this; }

        public IvRun build() {
            if (data == null || config == null) {
                throw new IllegalArgumentException("an IV run needs data and a configuration");
            }
            return new IvRun(this);
        }
    }
}
