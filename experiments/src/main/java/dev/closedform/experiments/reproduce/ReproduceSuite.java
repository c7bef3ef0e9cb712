package dev.closedform.experiments.reproduce;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.closedform.engine.EngineSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole paper in one run: the selected experiments, in order, each into {@code out/<name>/}, then one
 * report in {@code out} built from the files alone. Into a folder that already holds a reproduction,
 * {@code resume} continues it: the run layer reuses every finished run and continues interrupted ones from
 * their checkpoints, so nothing finished is trained again and the report equals an uninterrupted one's
 * apart from its timings.
 *
 * <pre>{@code
 * ReproduceSuite suite = ReproduceSuite.builder().setScale(Scale.SMOKE).setOut(Path.of("runs/reproduce")).build();
 * System.out.println(suite.estimatedSeconds());
 * ReproduceSuite.Result r = suite.run(SuiteProgress.NONE);
 * }</pre>
 */
public final class ReproduceSuite {

    static {
        EngineSettings.ensureOffline();
    }

    /** An experiment with its plan. */
    public record Planned(Experiment experiment, Plan plan) {}

    /** What a reproduction wrote. */
    public record Result(ReproduceReport.Files3 files, List<ExperimentReport> reports) {}

    private final SuiteSettings settings;
    private final List<Experiment> experiments;
    private final List<String> only;
    private final boolean resume;
    private final Integer threads;

    private ReproduceSuite(Builder b) {
        this.settings = new SuiteSettings(b.scale, b.seeds, b.out, b.notices);
        this.only = b.only == null ? List.of() : List.copyOf(b.only);
        this.experiments = Experiments.select(only);
        this.resume = b.resume;
        if (b.threads != null && b.threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0, got " + b.threads);
        }
        this.threads = b.threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    public SuiteSettings settings() {
        return settings;
    }

    public List<Experiment> experiments() {
        return experiments;
    }

    /** Every selected experiment's plan, known without training or generating anything. */
    public List<Planned> plan() {
        List<Planned> out = new ArrayList<>();
        for (Experiment e : experiments) {
            out.add(new Planned(e, e.plan(settings)));
        }
        return out;
    }

    public double estimatedSeconds() {
        return plan().stream().mapToDouble(p -> p.plan().seconds()).sum();
    }

    /** The command that reproduces this selection: what the report prints and the runs record (per experiment). */
    public String command() {
        StringBuilder b = new StringBuilder("closedform reproduce --scale ").append(settings.scale().label());
        if (!only.isEmpty()) {
            b.append(" --only ").append(String.join(",", only));
        }
        if (settings.seeds() != null) {
            b.append(" --seeds ").append(settings.seeds());
        }
        return b.append(" --out ").append(settings.out()).toString();
    }

    /** Experiments added because a selected one reads their results. */
    public Map<String, List<String>> addedRequirements() {
        return Experiments.addedRequirements(only, experiments);
    }

    /**
     * Runs every selected experiment and writes the report. Without {@code resume}, a folder that already holds
     * anything is refused before anything runs.
     */
    public Result run(SuiteProgress progress) {
        checkFolder();
        int before = applyThreads();
        try {
            return runAll(progress);
        } finally {
            if (threads != null && threads > 0) {
                JniUtils.setNumThreads(before);
            }
        }
    }

    /**
     * Sets the engine's intra-op threads for this run, also when the engine already started (a JVM that ran
     * other work first); returns the count before.
     */
    private int applyThreads() {
        if (threads == null || threads == 0) {
            return 0;
        }
        EngineSettings.setThreads(threads); // read when the engine starts
        Engine.getInstance();
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads); // and applied if it had started already
        return before;
    }

    private Result runAll(SuiteProgress progress) {
        List<Planned> planned = plan();
        progress.started(planned.stream().mapToDouble(p -> p.plan().seconds()).sum());
        for (Planned p : planned) {
            long start = System.nanoTime();
            p.experiment().run(settings, settings.dir(p.experiment().name()), new WorkMeter(progress, p.experiment().name()));
            settings.notices().accept(String.format(java.util.Locale.ROOT, "%s: done in %s (estimated %s)", p.experiment().name(),
                    Format.duration((System.nanoTime() - start) / 1e9), Format.duration(p.plan().seconds())));
        }
        return report();
    }

    /** The report from the files in the folder alone (also after an interrupted run, for what is there). */
    public Result report() {
        Map<String, ExperimentReport> earlier = new LinkedHashMap<>();
        List<ExperimentReport> reports = new ArrayList<>();
        for (Experiment e : experiments) {
            ExperimentReport r = e.report(settings, settings.dir(e.name()), Map.copyOf(earlier));
            earlier.put(e.name(), r);
            reports.add(r);
        }
        return new Result(ReproduceReport.write(settings, reports, command()), List.copyOf(reports));
    }

    private void checkFolder() {
        Path out = settings.out();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a folder");
        }
        if (resume) {
            if (isEmpty(out)) {
                settings.notices().accept("--resume: " + out + " holds no reproduction yet: starting fresh");
            }
            return;
        }
        if (!isEmpty(out)) {
            throw new IllegalArgumentException("--out " + out + " is not empty: --resume continues the reproduction in it "
                    + "(finished runs are reused), or choose another folder");
        }
    }

    private static boolean isEmpty(Path dir) {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code setX} is required, {@code optX} optional. */
    public static final class Builder {
        private Scale scale;
        private Path out;
        private List<String> only;
        private Integer seeds;
        private boolean resume;
        private Consumer<String> notices = s -> {};
        private Integer threads;

        public Builder setScale(Scale v) { scale = v; return this; }
        public Builder setOut(Path v) { out = v; return this; }
        /** Experiment names or groups; empty or null: all. */
        public Builder optOnly(List<String> v) { only = v; return this; }
        /** Seeds 1..k for every experiment (default: each experiment's own). */
        public Builder optSeeds(Integer v) { seeds = v; return this; }
        /** Continue the reproduction already in the folder. */
        public Builder optResume(boolean v) { resume = v; return this; }
        public Builder optNotices(Consumer<String> v) { notices = v; return this; }
        /** PyTorch intra-op threads for the run (0: all cores; default: as the engine is set up). */
        public Builder optThreads(Integer v) { threads = v; return this; }

        public ReproduceSuite build() {
            if (scale == null || out == null) {
                throw new IllegalArgumentException("a reproduction needs --scale and --out");
            }
            return new ReproduceSuite(this);
        }
    }
}
