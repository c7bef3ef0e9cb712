package dev.closedform.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.experiments.operator.GenerationListener;
import dev.closedform.experiments.report.CurvePlots;
import dev.closedform.experiments.report.ReportWriter;
import dev.closedform.experiments.report.SummaryWriter;
import dev.closedform.experiments.reproduce.ExperimentReport.StatRow;
import dev.closedform.experiments.reproduce.ReportDocument.Block;
import dev.closedform.experiments.run.MethodSpec;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.run.Sweep;
import dev.closedform.experiments.run.SweepAxis;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.experiments.task.TaskOptions;
import dev.closedform.experiments.task.Tasks;
import dev.closedform.train.Loss;
import dev.closedform.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An experiment made of sweeps of the run layer: one task, one or more arms (a model with its methods,
 * shared settings and swept axes), each a {@link Sweep} into {@code <experiment>/<arm>/}. Methods are
 * listed by name: a method this build does not know is skipped and the report says so, so an
 * experiment over methods added later needs only their names.
 *
 * @param setups   the experiment at each scale
 * @param judge    its verdict from the statistics
 * @param requires experiments whose reports its judge reads
 */
public record SweepExperiment(String name, String title, String claim, Function<Scale, Setup> setups, Judge judge,
                              List<String> requires) implements Experiment {

    /** A method as the experiment lists it, with its own learning rate and loss where they differ from the arm's. */
    public record MethodEntry(String spec, Double learningRate, Loss loss) {

        public static MethodEntry of(String spec) {
            return new MethodEntry(spec, null, null);
        }

        public MethodEntry lr(double v) {
            return new MethodEntry(spec, v, loss);
        }

        public MethodEntry loss(Loss v) {
            return new MethodEntry(spec, learningRate, v);
        }

        /** The method as the run layer takes it, or empty when this build has no method of that name. */
        public Optional<MethodSpec> resolve() {
            MethodSpec m;
            try {
                m = MethodSpec.parse(spec);
            } catch (IllegalArgumentException unknown) {
                return Optional.empty();
            }
            if (learningRate != null) {
                m = m.withLearningRate(learningRate);
            }
            return Optional.of(loss == null ? m : m.withLoss(loss));
        }
    }

    /**
     * One sweep of the experiment.
     *
     * @param name     its folder and the name its tables use, e.g. {@code cnn}
     * @param title    how the report names it, e.g. {@code "small CNN"}
     * @param model    the backbone (operator tasks imply theirs)
     * @param template the settings its runs share (a copy is taken)
     * @param methods  its methods
     * @param axes     swept settings (lambda, beta, batch size, order), each value crossed with every method
     * @param cost     its step costs for the estimate, or null for the setup's
     */
    public record Arm(String name, String title, ModelSpec model, TrainingConfig.Builder template, List<MethodEntry> methods,
                      List<SweepAxis<?>> axes, StepCost cost) {

        public Arm {
            template = template.copy();
            methods = List.copyOf(methods);
            axes = List.copyOf(axes);
        }

        public Arm(String name, String title, ModelSpec model, TrainingConfig.Builder template, List<MethodEntry> methods,
                List<SweepAxis<?>> axes) {
            this(name, title, model, template, methods, axes, null);
        }

        public Arm(String name, String title, ModelSpec model, TrainingConfig.Builder template, List<MethodEntry> methods) {
            this(name, title, model, template, methods, List.of(), null);
        }

        StepCost costOr(StepCost fallback) {
            return cost != null ? cost : fallback;
        }
    }

    /**
     * The experiment at one scale.
     *
     * @param task          the task's registry name
     * @param options       its data options
     * @param trainRows     training rows (samples) the options give, for the estimate
     * @param testRows      test rows, for the estimate
     * @param seeds         default number of seeds
     * @param target        the error (or score) time to target is measured against, fixed before the run
     * @param targetSource  where the target comes from
     * @param higherIsBetter whether the metric is a score (accuracy)
     * @param references    published or measured values to set beside ours
     * @param arms          the sweeps
     * @param cost          step costs for the estimate
     * @param budget        the epoch budget in words, e.g. {@code "50 of the recipe's 500 epochs"}
     * @param unavailable   why the data are not here (empty when they are)
     * @param note          a paragraph the report adds after the references (e.g. where they were looked for), or empty
     */
    public record Setup(String task, TaskOptions options, int trainRows, int testRows, int seeds, double target,
                        String targetSource, boolean higherIsBetter, List<Reference> references, List<Arm> arms,
                        StepCost cost, String budget, Supplier<Optional<String>> unavailable, Supplier<String> note) {

        public Setup {
            references = List.copyOf(references);
            arms = List.copyOf(arms);
        }
    }

    /** What the judge sees: the statistics of every (arm, method, cell), and the reports of the experiments before. */
    public record Findings(Setup setup, List<StatRow> rows, Map<String, ExperimentReport> earlier) {

        /** The statistics of a method in an arm and cell (empty statistics when it has none). */
        public Stats stats(String arm, String method, String group) {
            return StatRow.find(rows, arm, method, group);
        }

        /** The cells of an arm in running order. */
        public List<String> groups(String arm) {
            return StatRow.groups(rows, arm);
        }

        public boolean higher() {
            return setup.higherIsBetter();
        }
    }

    /** Reaches the verdict from the findings. */
    @FunctionalInterface
    public interface Judge {
        Judgement judge(Findings findings);
    }

    public SweepExperiment {
        requires = List.copyOf(requires);
    }

    public SweepExperiment(String name, String title, String claim, Function<Scale, Setup> setups, Judge judge) {
        this(name, title, claim, setups, judge, List.of());
    }

    public Setup setup(Scale scale) {
        return setups.apply(scale);
    }

    /** The methods of an arm this build does not know. */
    public static List<String> unknownMethods(Arm arm) {
        return arm.methods().stream().filter(m -> m.resolve().isEmpty()).map(MethodEntry::spec).toList();
    }

    @Override
    public Plan plan(SuiteSettings s) {
        Setup setup = setup(s.scale());
        List<String> lines = new ArrayList<>();
        if (setup.unavailable().get().isPresent()) {
            return new Plan(0, 0, List.of("not run: " + setup.unavailable().get().get()));
        }
        int runs = 0;
        double seconds = setup.cost().dataSeconds();
        for (Arm arm : setup.arms()) {
            Optional<Sweep> sweep = sweep(s, setup, arm, null);
            if (sweep.isEmpty()) {
                lines.add(arm.name() + ": not run (no method of this build: " + String.join(", ", unknownMethods(arm)) + ")");
                continue;
            }
            double armSeconds = 0;
            for (Sweep.Planned p : sweep.get().planned()) {
                armSeconds += arm.costOr(setup.cost()).runSeconds(p.config(), setup.trainRows(), setup.testRows());
            }
            List<Sweep.Planned> planned = sweep.get().planned();
            TrainingConfig first = planned.get(0).config();
            lines.add(String.format(Locale.ROOT, "%s: %d runs (%s), %d epochs, batch %s, %d seeds; about %s", arm.name(),
                    planned.size(), String.join(", ", planned.stream().map(p -> p.method().label()).distinct().toList())
                            + axesText(arm), first.epochs(), batches(planned), s.seeds(setup.seeds()), Format.duration(armSeconds)));
            runs += planned.size();
            seconds += armSeconds;
        }
        return new Plan(runs, seconds, lines);
    }

    private static String axesText(Arm arm) {
        StringBuilder b = new StringBuilder();
        for (SweepAxis<?> axis : arm.axes()) {
            b.append(" x ").append(axis.name()).append(' ').append(String.join("/", axis.values().stream().map(axis::format).toList()));
        }
        return b.toString();
    }

    private static String batches(List<Sweep.Planned> planned) {
        return String.join("/", planned.stream().map(p -> Integer.toString(p.config().batchSize())).distinct().toList());
    }

    /** The arm's sweep, or empty when none of its methods exists in this build. */
    private Optional<Sweep> sweep(SuiteSettings s, Setup setup, Arm arm, RegressionTask task) {
        List<MethodSpec> specs = arm.methods().stream().map(MethodEntry::resolve).flatMap(Optional::stream).toList();
        if (specs.isEmpty()) {
            return Optional.empty();
        }
        RegressionTask t = task != null ? task : Tasks.get(setup.task()).create(setup.options());
        Sweep.Builder b = Sweep.builder().setTask(t).setModel(arm.model()).setTemplate(arm.template()).setMethods(specs)
                .optSeeds(s.seeds(setup.seeds())).optNotices(s.notices()).optCommandLine(s.command(name, setup.seeds()))
                .optTitle(title + ": " + arm.title()).optConfiguration(Map.of("experiment", name, "arm", arm.name()));
        arm.axes().forEach(b::optAxis);
        return Optional.of(b.build());
    }

    @Override
    public void run(SuiteSettings s, Path dir, WorkMeter meter) {
        Setup setup = setup(s.scale());
        Optional<String> missing = setup.unavailable().get();
        if (missing.isPresent()) {
            s.notices().accept(name + ": not run here: " + missing.get());
            return;
        }
        // one task for every arm: image data are read once, operator data generated (or read from the cache) once
        RegressionTask task = Tasks.get(setup.task()).create(setup.options(), generationNote(s));
        for (Arm arm : setup.arms()) {
            Optional<Sweep> sweep = sweep(s, setup, arm, task);
            if (sweep.isEmpty()) {
                continue;
            }
            Map<String, Double> budget = new LinkedHashMap<>();
            for (Sweep.Planned p : sweep.get().planned()) {
                budget.put(p.label(), arm.costOr(setup.cost()).runSeconds(p.config(), setup.trainRows(), setup.testRows()));
            }
            WorkMeter.Runs listeners = meter.runs(budget);
            try {
                sweep.get().run(dir.resolve(arm.name()), listeners);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("every run stopped")) {
                    throw e;
                }
                // a result, not an error: the report counts the runs as failed
                s.notices().accept(name + "/" + arm.name() + ": " + e.getMessage());
            }
            listeners.finishAll();
        }
    }

    private GenerationListener generationNote(SuiteSettings s) {
        return new GenerationListener() {
            @Override
            public void onStart(String description, int samples) {
                s.notices().accept(name + ": generating " + samples + " samples (" + description + "), cached for later runs");
            }

            @Override
            public void onSample(int done) {}

            @Override
            public void onEnd() {}
        };
    }

    @Override
    public ExperimentReport report(SuiteSettings s, Path dir, Map<String, ExperimentReport> earlier) {
        Setup setup = setup(s.scale());
        Optional<String> missing = setup.unavailable().get();
        List<Block> body = new ArrayList<>();
        if (missing.isPresent()) {
            body.add(ReportDocument.paragraph("Not run here: " + missing.get() + "."));
            return ExperimentReport.notTestable(this, "not testable here: " + missing.get(), body);
        }
        List<CitedRun> all = new ArrayList<>();
        List<StatRow> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String metric = null;
        for (Arm arm : setup.arms()) {
            skipped.addAll(unknownMethods(arm));
            Optional<Sweep> sweep = sweep(s, setup, arm, null);
            if (sweep.isEmpty()) {
                continue;
            }
            Path armDir = dir.resolve(arm.name());
            List<CitedRun> runs = new ArrayList<>();
            for (Sweep.Planned p : sweep.get().planned()) {
                runs.add(RunReader.read(s.out(), armDir.resolve("runs").resolve(p.label()), arm.name(), p.method().label(), p.group(),
                        p.config().seed(), "final_test_metric"));
            }
            metric = metric != null ? metric : metricName(armDir);
            List<StatRow> armRows = Sections.statRows(runs);
            body.add(new ReportDocument.Heading(3, title + ": " + arm.title()));
            body.add(ReportDocument.paragraph(settingsText(sweep.get(), armDir)));
            body.add(Sections.results(armRows, metric));
            body.addAll(Sections.failures(runs));
            body.add(ReportDocument.paragraph("Time to target and cost:"));
            body.add(Sections.timeToTarget(runs, setup.target(), setup.higherIsBetter()));
            figures(s.out(), armDir, body);
            all.addAll(runs);
            rows.addAll(armRows);
        }
        if (!skipped.isEmpty()) {
            body.add(ReportDocument.paragraph("Skipped, not in this build: " + String.join(", ", skipped) + "."));
        }
        if (rows.isEmpty()) {
            return ExperimentReport.notTestable(this, "not testable here: no method of this build ("
                    + String.join(", ", skipped) + " are not in it)", body);
        }
        body.add(Sections.timeNote(setup.target(), setup.targetSource()));
        if (!setup.references().isEmpty()) {
            body.add(ReportDocument.paragraph("Reference values (" + setup.budget() + "):"));
            String firstArm = setup.arms().get(0).name();
            body.add(Sections.references(setup.references(), ref -> rows.stream()
                    .filter(r -> r.arm().equals(ref.arm() == null ? firstArm : ref.arm()) && r.method().equals(ref.method())
                            && r.group() == null).map(StatRow::stats).findFirst(), false));
        } else {
            body.add(ReportDocument.paragraph("Budget: " + setup.budget() + "."));
        }
        String note = setup.note().get();
        if (!note.isEmpty()) {
            body.add(ReportDocument.paragraph(note));
        }
        Judgement j = judge.judge(new Findings(setup, rows, earlier));
        return new ExperimentReport(name, title, claim, j.result(), j.verdict(), body, all, rows);
    }

    /** The settings of an arm in words, from its plan and the data description its sweep recorded. */
    private static String settingsText(Sweep sweep, Path armDir) {
        List<Sweep.Planned> planned = sweep.planned();
        TrainingConfig c = planned.get(0).config();
        Map<String, String> methods = new LinkedHashMap<>();
        for (Sweep.Planned p : planned) {
            TrainingConfig pc = p.config();
            methods.putIfAbsent(p.method().label(), p.method().label() + " (" + pc.optimizer().label() + " lr " + Format.num(pc.learningRate())
                    + (pc.loss() == Loss.SQUARED ? "" : ", " + pc.loss().label() + " loss") + ")");
        }
        JsonNode summary = readSummary(armDir);
        String data = summary.path("configuration").path("data").asText("");
        return (data.isEmpty() ? "" : "Data: " + data + ". ") + "Methods: " + String.join(", ", methods.values()) + "; "
                + c.epochs() + " epochs, batch " + batches(planned) + ", schedule " + c.schedule().label() + ", ridge beta "
                + Format.num(c.ridge()) + ", proximal lambda " + Format.num(c.prox()) + ", order "
                + c.updateOrder().name().toLowerCase(Locale.ROOT).replace('_', '-') + ", seeds "
                + planned.stream().map(p -> p.config().seed()).distinct().count() + ".";
    }

    private static JsonNode readSummary(Path armDir) {
        Path f = armDir.resolve(SummaryWriter.FILE_NAME);
        return Files.isRegularFile(f) ? RunDirectory.readJson(f) : RunDirectory.JSON.createObjectNode();
    }

    private static String metricName(Path armDir) {
        return readSummary(armDir).path("metric").asText("test metric");
    }

    private static void figures(Path out, Path armDir, List<Block> body) {
        String rel = out.toAbsolutePath().normalize().relativize(armDir.toAbsolutePath().normalize()).toString().replace('\\', '/');
        if (Files.isRegularFile(armDir.resolve(CurvePlots.EPOCH_FILE))) {
            body.add(new ReportDocument.Image(rel + "/" + CurvePlots.EPOCH_FILE, "Test metric by epoch (mean over seeds)"));
            body.add(new ReportDocument.Image(rel + "/" + CurvePlots.WALL_FILE, "Test metric by training wall time (mean over seeds)"));
            body.add(ReportDocument.paragraph(new ReportDocument.Text("The sweep's own report, with every run: "),
                    new ReportDocument.Link(rel + "/" + ReportWriter.MARKDOWN_FILE, rel + "/" + ReportWriter.MARKDOWN_FILE)));
        }
    }
}
