package dev.closedform.experiments.run;

import dev.closedform.engine.EngineSettings;
import dev.closedform.experiments.model.ModelFactory;
import dev.closedform.experiments.report.ReportSpec;
import dev.closedform.experiments.report.ReportWriter;
import dev.closedform.experiments.report.RunResult;
import dev.closedform.experiments.report.SummaryWriter;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.train.Method;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Methods x axes (batch size, lambda, beta, order, ...) x seeds of one task, each run by a
 * {@link Runner} into {@code out/runs/<label>/}, then {@code summary.json}, {@code report.md},
 * {@code report.html} and the learning-curve plots in {@code out}. A method is swept only over the
 * axes whose field it reads ({@link SweepAxis#readBy}): sgd in a lambda sweep runs once per seed.
 *
 * <p>Re-running a sweep into the same folder reuses every finished run whose configuration equals
 * the requested one, continues interrupted ones from their checkpoints, and extends shorter ones when
 * only the number of epochs grew; a run whose configuration differs is refused before anything is
 * trained, unless {@link Builder#optOverwrite} allows replacing it (each replaced once its new run has
 * finished). A diverged run is a result of the comparison: it is left out of the table and named in
 * the notes, and the other runs go on.
 */
public final class Sweep {

    static {
        EngineSettings.ensureOffline();
    }

    /** One planned run: its label, sweep cell and configuration. */
    public record Planned(MethodSpec method, String group, String label, TrainingConfig config) {}

    /** What a sweep produced. */
    public record Result(List<RunResult> runs, List<String> stopped, List<String> reused, ReportWriter.ReportFiles report,
                         Path summary) {}

    private final String taskName;
    private final RegressionTask task;
    private final ModelFactory model;
    private final List<Planned> planned;
    private final boolean saveModels;
    private final boolean overwrite;
    private final Consumer<String> notices;
    private final List<String> commandLine;
    private final Path dataFile;
    private final RunBackend backend;
    private final String title;
    private final BiFunction<List<RunResult>, List<String>, List<String>> notes;
    private final Map<String, Object> configuration;
    private final Map<Long, PreparedData> dataBySeed = new LinkedHashMap<>();

    private Sweep(Builder b) {
        this.taskName = b.taskName != null ? b.taskName : b.task.name();
        this.task = b.task;
        this.model = b.model;
        this.saveModels = b.saveModels;
        this.overwrite = b.overwrite;
        this.notices = b.notices;
        this.commandLine = List.copyOf(b.commandLine);
        this.dataFile = b.dataFile;
        this.backend = b.backend;
        this.title = b.title != null ? b.title : "closedform comparison: " + taskName;
        this.notes = b.notes;
        this.configuration = b.configuration;
        this.planned = plan(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every run of the sweep in running order (methods outermost within each cell of the axes, then seeds). */
    public List<Planned> planned() {
        return planned;
    }

    /** Optimisation steps over all planned runs (for a progress bar); prepares each seed's data once. */
    public long totalSteps() {
        long total = 0;
        for (Planned p : planned) {
            total += (long) p.config().epochs() * TrainingLoop.stepsPerEpoch(p.config(), data(p.config().seed()).train().rows());
        }
        return total;
    }

    /** The data of one seed, prepared once for all runs of that seed. */
    public PreparedData data(long seed) {
        return dataBySeed.computeIfAbsent(seed, task::prepare);
    }

    /** As {@link #run(Path, Function)} without progress listeners. */
    public Result run(Path out) {
        return run(out, label -> TrainingListener.NONE);
    }

    /**
     * Runs the sweep into {@code out}, each run reporting to {@code listeners.apply(label)}. Every run
     * is checked against the folder first, so a refused run stops the sweep before any training.
     */
    public Result run(Path out, Function<String, TrainingListener> listeners) {
        Path runs = out.resolve("runs");
        List<String> refused = new ArrayList<>();
        for (Planned p : planned) {
            try {
                runner(p, TrainingListener.NONE).check(runs.resolve(p.label()));
            } catch (IllegalArgumentException e) {
                refused.add(p.label() + ": " + e.getMessage());
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(refused.size() + " of the " + planned.size() + " runs cannot go into " + out
                    + " (" + refused.get(0) + (refused.size() > 1 ? "; and " + (refused.size() - 1) + " more" : "")
                    + "); --overwrite replaces differing runs once their new runs have finished");
        }
        List<RunResult> results = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        for (Planned p : planned) {
            RunOutcome o;
            try {
                o = runner(p, listeners.apply(p.label())).run(runs.resolve(p.label()));
            } catch (ArithmeticException diverged) {
                // a diverged run (non-finite loss, or features so large that the head's system is singular)
                // is a result of the comparison, not a reason to throw away the runs that worked
                stopped.add(p.label() + ": " + diverged.getMessage());
                notices.accept(p.label() + " stopped, left out of the summary: " + diverged.getMessage());
                continue;
            }
            if (o.reused()) {
                reused.add(p.label());
            }
            results.add(new RunResult(p.method().label(), p.config().seed(), o.result().metricName(), o.result().epochs(), p.group()));
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("every run stopped: " + String.join("; ", stopped));
        }
        PreparedData any = data(planned.get(0).config().seed());
        ReportSpec spec = ReportSpec.builder().setTitle(title).setTask(taskName)
                .optCommandLine(commandLine.isEmpty() ? "" : "closedform " + String.join(" ", commandLine))
                .optNotes(notes.apply(results, stopped)).optHigherIsBetter(any.metric().higherIsBetter())
                .optConfiguration(configuration()).build();
        try {
            Path summary = SummaryWriter.write(out, spec, results);
            ReportWriter.ReportFiles files = ReportWriter.write(out, spec, results);
            return new Result(results, stopped, reused, files, summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * The sweep's settings as {@code summary.json} records them: task and data, model, seeds, each
     * method's optimiser, learning rate and schedule, and the distinct values of every configuration field.
     */
    public Map<String, Object> configuration() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("task", taskName);
        PreparedData first = data(planned.get(0).config().seed());
        c.put("data", first.description());
        // a task that implies its backbone (the FNO of an operator task) ignores the model options
        c.put("model", first.model() == null ? model.describe()
                : Map.of("backbone", first.model().get().description()));
        c.put("seeds", planned.stream().map(p -> p.config().seed()).distinct().toList());
        Map<String, Object> methods = new LinkedHashMap<>();
        for (Planned p : planned) {
            methods.computeIfAbsent(p.method().label(), k -> Map.of("method", p.config().method().label(),
                    "optimizer", p.config().optimizer().label(), "learning_rate", p.config().learningRate(),
                    "lr_schedule", p.config().schedule().label()));
        }
        c.put("methods", methods);
        c.put("epochs", distinct(TrainingConfig::epochs));
        c.put("batch_size", distinct(TrainingConfig::batchSize));
        c.put("ridge_beta", distinct(TrainingConfig::ridge, Method::readsRidge));
        c.put("prox_lambda", distinct(TrainingConfig::prox, Method::readsProx));
        c.put("ema_rate", distinct(TrainingConfig::emaRate));
        c.put("momentum", distinct(TrainingConfig::momentum));
        c.put("order", distinct(TrainingConfig::updateOrder, Method::readsUpdateOrder));
        c.put("initial_head", distinct(TrainingConfig::initialHead, Method::readsInitialHead));
        c.put("reuse_features", distinct(TrainingConfig::reuseFeatures));
        c.put("shard_rows", distinct(TrainingConfig::shardRows));
        c.put("ridge_on_bias", distinct(TrainingConfig::ridgeOnBias));
        c.putAll(configuration);
        return c;
    }

    private Object distinct(Function<TrainingConfig, Object> field) {
        return distinct(field, m -> true);
    }

    /** The field's distinct values over the runs of methods that read it (over all runs if none does). */
    private Object distinct(Function<TrainingConfig, Object> field, Predicate<Method> readBy) {
        List<TrainingConfig> readers = planned.stream().map(Planned::config).filter(c -> readBy.test(c.method())).toList();
        List<Object> values = (readers.isEmpty() ? planned.stream().map(Planned::config).toList() : readers).stream()
                .map(field).distinct().toList();
        return values.size() == 1 ? values.get(0) : values;
    }

    private Runner runner(Planned p, TrainingListener listener) {
        return Runner.builder().setData(taskName, data(p.config().seed())).setModel(model).setConfig(p.config())
                .optLabel(p.method().label()).optListener(listener).optNotices(OutputPlan.quietFresh(notices))
                .optSaveModel(saveModels).optResume(true).optOverwrite(overwrite).optCommandLine(commandLine)
                .optDataFile(dataFile).optBackend(backend).build();
    }

    private static List<Planned> plan(Builder b) {
        if (b.methods.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one method");
        }
        if (b.seeds.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one seed");
        }
        List<List<Object>> cells = new ArrayList<>();
        cells.add(new ArrayList<>());
        for (SweepAxis<?> axis : b.axes) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> cell : cells) {
                for (Object v : axis.values()) {
                    List<Object> c = new ArrayList<>(cell);
                    c.add(v);
                    next.add(c);
                }
            }
            cells = next;
        }
        List<Planned> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (List<Object> cell : cells) {
            for (MethodSpec m : b.methods) {
                // the cell as this method sees it: only the axes whose field it reads (sgd ignores lambda)
                List<String> group = new ArrayList<>();
                StringBuilder suffix = new StringBuilder();
                for (int i = 0; i < b.axes.size(); i++) {
                    SweepAxis<?> axis = b.axes.get(i);
                    if (axis.sweeps(m.method())) {
                        String v = axis.format(cell.get(i));
                        group.add(axis.name() + "=" + v);
                        suffix.append('-').append(axis.prefix()).append(v);
                    }
                }
                for (long seed : b.seeds) {
                    String label = m.fileLabel() + suffix + "-seed" + seed;
                    if (!labels.add(label)) {
                        continue; // the same run as in an earlier cell
                    }
                    TrainingConfig.Builder c = m.applyTo(b.template).optSeed(seed);
                    for (int i = 0; i < b.axes.size(); i++) {
                        SweepAxis<?> axis = b.axes.get(i);
                        if (axis.values().size() == 1 || axis.sweeps(m.method())) {
                            axis.applyValue(c, cell.get(i));
                        }
                    }
                    out.add(new Planned(m, group.isEmpty() ? null : String.join(", ", group), label, c.build()));
                }
            }
        }
        return List.copyOf(out);
    }

    /** {@code setX} is required, {@code optX} optional. */
    public static final class Builder {
        private RegressionTask task;
        private String taskName;
        private ModelFactory model;
        private TrainingConfig.Builder template;
        private final List<MethodSpec> methods = new ArrayList<>();
        private final List<SweepAxis<?>> axes = new ArrayList<>();
        private List<Long> seeds = List.of(1L, 2L, 3L);
        private boolean saveModels;
        private boolean overwrite;
        private Consumer<String> notices = s -> {};
        private List<String> commandLine = List.of();
        private Path dataFile;
        private RunBackend backend = RunBackend.LOCAL;
        private String title;
        private BiFunction<List<RunResult>, List<String>, List<String>> notes = (runs, stopped) -> stopped.stream()
                .map(s -> "Diverged and left out of the table: " + s).toList();
        private Map<String, Object> configuration = Map.of();

        public Builder setTask(RegressionTask v) { task = v; return this; }
        public Builder setModel(ModelFactory v) { model = v; return this; }
        /** The settings shared by every run (each run sets its method, seed and axis values on a copy). */
        public Builder setTemplate(TrainingConfig.Builder v) { template = v.copy(); return this; }
        public Builder setMethods(List<MethodSpec> v) { methods.clear(); methods.addAll(v); return this; }
        public Builder optAxis(SweepAxis<?> v) { axes.add(v); return this; }
        /** Seeds 1..k (default 3). */
        public Builder optSeeds(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("--seeds must be >= 1, got " + k);
            }
            List<Long> s = new ArrayList<>();
            for (long i = 1; i <= k; i++) {
                s.add(i);
            }
            seeds = s;
            return this;
        }
        public Builder optSeedList(List<Long> v) { seeds = List.copyOf(v); return this; }
        public Builder optTaskName(String v) { taskName = v; return this; }
        public Builder optSaveModels(boolean v) { saveModels = v; return this; }
        public Builder optOverwrite(boolean v) { overwrite = v; return this; }
        public Builder optNotices(Consumer<String> v) { notices = v; return this; }
        public Builder optCommandLine(List<String> v) { commandLine = v; return this; }
        public Builder optDataFile(Path v) { dataFile = v; return this; }
        /** Where every run trains (default: this process). */
        public Builder optBackend(RunBackend v) { backend = v; return this; }
        public Builder optTitle(String v) { title = v; return this; }
        /** The report's notes from the results and the stopped runs (default: one line per stopped run). */
        public Builder optNotes(BiFunction<List<RunResult>, List<String>, List<String>> v) { notes = v; return this; }
        /** Further entries for {@link Sweep#configuration()} (e.g. a reproduction's experiment name). */
        public Builder optConfiguration(Map<String, Object> v) { configuration = Map.copyOf(v); return this; }

        public Sweep build() {
            if (task == null || model == null || template == null) {
                throw new IllegalArgumentException("a sweep needs a task, a model factory and a configuration template");
            }
            return new Sweep(this);
        }
    }
}
