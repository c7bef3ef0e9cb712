package dev.closedform.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.engine.EngineSettings;
import dev.closedform.experiments.model.ModelFactory;
import dev.closedform.experiments.report.CurvePlots;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.model.Backbone;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.Checkpoint;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.NpzCheckpointStore;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Executes one run (a task's data, a model factory, a {@link TrainingConfig}) into a run directory:
 * {@code run.json} (configuration, provenance, status, result), {@code metrics.csv} after every epoch,
 * {@code checkpoint.npz} after every epoch, {@code model.npz} and the learning-curve plot at the end.
 * Everything is checked (options, data, model, checkpoint) before the folder is touched, and the
 * folder is used as {@link OutputPlan} decides, so a failure never mixes two runs.
 *
 * <pre>{@code
 * RunOutcome out = Runner.builder()
 *         .setTask(Tasks.get("friedman").create(TaskOptions.none()))
 *         .setModel(ModelSpec.defaults())
 *         .setConfig(TrainingConfig.builder().setMethod("cf-prox").build())
 *         .build()
 *         .run(Path.of("runs/cf-prox"));
 * }</pre>
 */
public final class Runner {

    static {
        EngineSettings.ensureOffline();
    }

    private final RegressionTask task;
    private final PreparedData data;
    private final String taskName;
    private final ModelFactory modelFactory;
    private final TrainingConfig config;
    private final String label;
    private final TrainingListener listener;
    private final Consumer<String> notices;
    private final boolean saveModel;
    private final boolean resume;
    private final boolean overwrite;
    private final List<String> commandLine;
    private final Path dataFile;
    private final RunBackend backend;

    private Runner(Builder b) {
        this.task = b.task;
        this.data = b.data;
        this.taskName = b.taskName != null ? b.taskName : b.task.name();
        this.modelFactory = b.model;
        this.config = b.config;
        this.label = b.label != null ? b.label : b.config.method().label();
        this.listener = b.listener;
        this.notices = b.notices;
        this.saveModel = b.saveModel;
        this.resume = b.resume;
        this.overwrite = b.overwrite;
        this.commandLine = List.copyOf(b.commandLine);
        this.dataFile = b.dataFile;
        this.backend = b.backend;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What {@link #run} would do with {@code out}, checked as {@link #run} checks (data, model,
     * configuration, folder) but without writing or training; throws what {@link #run} would throw.
     */
    public OutputPlan.Mode check(Path out) {
        PreparedData d = data != null ? data : task.prepare(config.seed());
        Backbone backbone = modelFactory.backbone(d, config.seed());
        try (LastLayerModel model = new LastLayerModel(backbone, d.train().outputDim() / backbone.pointsPerSample(),
                modelFactory.bias(), config.seed())) {
            new TrainingLoop(config).validate(model, d.train(), d.test());
            ObjectNode record = RunRecord.create(taskName, label, d, config, modelFactory, model, dataFile, commandLine);
            return OutputPlan.decide(out, record, resume, overwrite, s -> {}).mode();
        }
    }

    /** Trains (or reuses the finished run already in {@code out}) and returns the outcome. */
    public RunOutcome run(Path out) {
        PreparedData d = data != null ? data : task.prepare(config.seed());
        Backbone backbone = modelFactory.backbone(d, config.seed());
        // pointwise (operator) models: the head maps each grid point's features to outputDim / points values
        int outputs = d.train().outputDim() / backbone.pointsPerSample();
        try (LastLayerModel model = new LastLayerModel(backbone, outputs, modelFactory.bias(), config.seed())) {
            TrainingLoop loop = new TrainingLoop(config);
            loop.validate(model, d.train(), d.test());
            ObjectNode record = RunRecord.create(taskName, label, d, config, modelFactory, model, dataFile, commandLine);
            backend.describe(record);
            OutputPlan plan = OutputPlan.decide(out, record, resume, overwrite, notices);
            if (plan.mode() == OutputPlan.Mode.DONE) {
                return reuse(out, plan.existing());
            }
            List<EpochMetrics> history = new ArrayList<>();
            if (plan.mode() == OutputPlan.Mode.RESUME) {
                Checkpoint c = new NpzCheckpointStore(out.resolve(RunDirectory.CHECKPOINT)).load()
                        .orElseThrow(() -> new IllegalArgumentException("--resume: " + out + " has no checkpoint"));
                loop.validateCheckpoint(model, c);
                history.addAll(c.metrics());
            }
            Path work = plan.prepareWorkDir();
            RunDirectory dir = RunDirectory.open(work);
            NpzCheckpointStore store = new NpzCheckpointStore(dir.checkpoint());
            String metricName = d.metric().name();
            TrainingListener writer = new TrainingListener() {
                @Override
                public void onEpoch(EpochMetrics m) {
                    history.add(m);
                    try {
                        dir.writeMetrics(metricName, history);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + dir.path().resolve(RunDirectory.METRICS_CSV), e);
                    }
                }
            };
            write(dir, record);
            TrainingResult result;
            try {
                result = backend.fit(config, model, modelFactory, d, store, writer.andThen(listener));
                dir.writeMetrics(result);
                if (saveModel) {
                    dir.writeModel(model, d.standardizer());
                }
                CurvePlots.writeRun(dir.path().resolve(CurvePlots.RUN_FILE), label, result.metricName(), result.epochs());
                RunRecord.finish(record, result);
                write(dir, record);
            } catch (RuntimeException | IOException e) {
                RunRecord.fail(record, e.getMessage());
                try {
                    write(dir, record);
                } catch (RuntimeException ignored) {
                    // the original failure is what the user must see
                }
                if (e instanceof IOException io) {
                    throw new UncheckedIOException(io);
                }
                throw (RuntimeException) e;
            }
            plan.commit();
            return new RunOutcome(result, out, false);
        }
    }

    private RunOutcome reuse(Path out, JsonNode saved) {
        Optional<Checkpoint> c = new NpzCheckpointStore(out.resolve(RunDirectory.CHECKPOINT)).load();
        if (c.isEmpty()) {
            throw new IllegalArgumentException(out + " holds this run, finished, but no checkpoint to read its metrics from");
        }
        notices.accept(out + ": this run is already finished; nothing to do");
        TrainingResult r = new TrainingResult(label, saved.path("result").path("metric_name").asText(),
                c.get().metrics(), saved.path("model").path("parameters").asLong());
        return new RunOutcome(r, out, true);
    }

    private static void write(RunDirectory dir, ObjectNode record) {
        try {
            dir.writeRunJson(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.path().resolve(RunDirectory.RUN_JSON) + ": " + e.getMessage(), e);
        }
    }

    /** {@code setX} is required (the task or its prepared data, the model, the configuration), {@code optX} optional. */
    public static final class Builder {
        private RegressionTask task;
        private PreparedData data;
        private String taskName;
        private ModelFactory model;
        private TrainingConfig config;
        private String label;
        private TrainingListener listener = TrainingListener.NONE;
        private Consumer<String> notices = s -> {};
        private boolean saveModel = true;
        private boolean resume;
        private boolean overwrite;
        private List<String> commandLine = List.of();
        private Path dataFile;
        private RunBackend backend = RunBackend.LOCAL;

        /** The task; its data are prepared with the configuration's seed. */
        public Builder setTask(RegressionTask v) { task = v; return this; }
        /** Data already prepared (sweeps share them across runs of one seed), under the task's name. */
        public Builder setData(String name, PreparedData v) { taskName = name; data = v; return this; }
        public Builder setModel(ModelFactory v) { model = v; return this; }
        public Builder setConfig(TrainingConfig v) { config = v; return this; }
        /** How records and reports name the method, e.g. {@code cf-prox@adam} (default: the method's label). */
        public Builder optLabel(String v) { label = v; return this; }
        public Builder optListener(TrainingListener v) { listener = v; return this; }
        /** One-line notes for the user (e.g. "starting fresh"); ignored by default. */
        public Builder optNotices(Consumer<String> v) { notices = v; return this; }
        /** Write {@code model.npz} (default true). */
        public Builder optSaveModel(boolean v) { saveModel = v; return this; }
        /** Continue the run in the folder from its checkpoint; only the number of epochs may differ. */
        public Builder optResume(boolean v) { resume = v; return this; }
        /** Replace a different run in the folder, once the new run has finished. */
        public Builder optOverwrite(boolean v) { overwrite = v; return this; }
        /** Recorded in {@code run.json}. */
        public Builder optCommandLine(List<String> v) { commandLine = v; return this; }
        /** The input file, recorded in {@code run.json}. */
        public Builder optDataFile(Path v) { dataFile = v; return this; }
        /** Where the training happens (default: this process). */
        public Builder optBackend(RunBackend v) { backend = v; return this; }

        public Runner build() {
            if ((task == null && data == null) || model == null || config == null) {
                throw new IllegalArgumentException("a run needs a task (or prepared data), a model factory and a configuration");
            }
            return new Runner(this);
        }
    }
}
