package dev.closedform.experiments.reproduce;

import dev.closedform.experiments.iv.DemandSweep;
import dev.closedform.experiments.reproduce.ExperimentReport.StatRow;
import dev.closedform.experiments.reproduce.ReportDocument.Block;
import dev.closedform.iv.DfivConfig;
import dev.closedform.iv.DfivMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * DFIV on the demand design (section 5.3): one or more arms, each a {@link DemandSweep} over
 * n x rho x methods x seeds into {@code <experiment>/<arm>/}; medians and interquartile ranges over
 * seeds. A method without refit next to its refit counterpart is read off that run before its refit.
 */
public record DemandExperiment(String name, String title, String claim, java.util.function.Function<Scale, Setup> setups,
                               Judge judge) implements Experiment {

    /**
     * One sweep.
     *
     * @param name     its folder, e.g. {@code main}
     * @param title    how the report names it
     * @param methods  DFIV method labels
     * @param settings the settings beyond the defaults (method, epochs and seed are set per run)
     */
    public record Arm(String name, String title, List<String> methods, UnaryOperator<DfivConfig.Builder> settings) {
        public Arm {
            methods = List.copyOf(methods);
        }
    }

    /**
     * The cost estimate: milliseconds per mini-batch pair of 1 + 1 + 1 network steps (100 rows per stage),
     * and per row and epoch of {@code dfiv-full} (20 + 20 + 1 full-half steps).
     */
    public record Cost(double msPerPair, double fullMsPerRowEpoch) {
        double runSeconds(DfivConfig c, int n) {
            if (c.method().fullBatch()) {
                return c.epochs() * n * fullMsPerRowEpoch / 1000;
            }
            return c.epochs() * Math.max(1, n / 2 / c.batchSize()) * msPerPair / 1000;
        }
    }

    /**
     * The experiment at one scale.
     *
     * @param epochs  epochs of every run
     * @param target  grid MSE time to target is measured against, fixed before the run
     */
    public record Setup(List<Integer> ns, List<Double> rhos, int seeds, int epochs, double target, String targetSource,
                        List<Reference> references, List<Arm> arms, Cost cost, String budget) {
        public Setup {
            ns = List.copyOf(ns);
            rhos = List.copyOf(rhos);
            references = List.copyOf(references);
            arms = List.copyOf(arms);
        }
    }

    /** Statistics per (arm, method, cell). */
    public record Findings(Setup setup, List<StatRow> rows) {
        public Stats stats(String arm, String method, String group) {
            return StatRow.find(rows, arm, method, group);
        }

        public List<String> groups(String arm) {
            return StatRow.groups(rows, arm);
        }
    }

    @FunctionalInterface
    public interface Judge {
        Judgement judge(Findings findings);
    }

    public Setup setup(Scale scale) {
        return setups.apply(scale);
    }

    /** The cell label of a DemandSweep run, as its reports print it. */
    static String group(int n, double rho) {
        return "n=" + n + ", rho=" + rho;
    }

    private DemandSweep sweep(SuiteSettings s, Setup setup, Arm arm) {
        return DemandSweep.of(setup.ns(), setup.rhos(), arm.methods(), s.seeds(setup.seeds()),
                (m, seed) -> arm.settings().apply(DfivConfig.builder().setMethod(DfivMethod.parse(m)).optEpochs(setup.epochs())
                        .optSeed(seed)).build(), false, s.notices(), s.command(name, setup.seeds()));
    }

    @Override
    public Plan plan(SuiteSettings s) {
        Setup setup = setup(s.scale());
        List<String> lines = new ArrayList<>();
        int runs = 0;
        double seconds = 0;
        for (Arm arm : setup.arms()) {
            DemandSweep sweep = sweep(s, setup, arm);
            double armSeconds = 0;
            int trained = 0;
            for (DemandSweep.Planned p : sweep.planned()) {
                if (p.readOffRefit() == null) {
                    armSeconds += setup.cost().runSeconds(p.config(), p.n());
                    trained++;
                }
            }
            lines.add(String.format(Locale.ROOT, "%s: %d runs trained (%s; n %s x rho %s, %d seeds), %d epochs; about %s", arm.name(),
                    trained, String.join(", ", arm.methods()), setup.ns(), setup.rhos(), s.seeds(setup.seeds()), setup.epochs(),
                    Format.duration(armSeconds)));
            runs += trained;
            seconds += armSeconds;
        }
        return new Plan(runs, seconds, lines);
    }

    @Override
    public void run(SuiteSettings s, Path dir, WorkMeter meter) {
        Setup setup = setup(s.scale());
        for (Arm arm : setup.arms()) {
            DemandSweep sweep = sweep(s, setup, arm);
            Map<String, Double> budget = new LinkedHashMap<>();
            for (DemandSweep.Planned p : sweep.planned()) {
                if (p.readOffRefit() == null) {
                    budget.put(p.label(), setup.cost().runSeconds(p.config(), p.n()));
                }
            }
            WorkMeter.Runs listeners = meter.runs(budget);
            sweep.run(dir.resolve(arm.name()), listeners);
            listeners.finishAll();
        }
    }

    @Override
    public ExperimentReport report(SuiteSettings s, Path dir, Map<String, ExperimentReport> earlier) {
        Setup setup = setup(s.scale());
        List<Block> body = new ArrayList<>();
        List<CitedRun> all = new ArrayList<>();
        List<StatRow> rows = new ArrayList<>();
        for (Arm arm : setup.arms()) {
            Path armDir = dir.resolve(arm.name());
            DemandSweep sweep = sweep(s, setup, arm);
            List<CitedRun> runs = new ArrayList<>();
            for (DemandSweep.Planned p : sweep.planned()) {
                String group = group(p.n(), p.rho());
                if (p.readOffRefit() == null) {
                    runs.add(RunReader.read(s.out(), armDir.resolve("runs").resolve(p.label()), arm.name(), p.method(), group, p.seed(),
                            "final_test_metric"));
                } else {
                    DemandSweep.Planned refit = sweep.planned().stream().filter(q -> q.method().equals(p.readOffRefit())
                            && q.n() == p.n() && q.rho() == p.rho() && q.seed() == p.seed()).findFirst().orElseThrow();
                    runs.add(RunReader.readBeforeRefit(s.out(), armDir.resolve("runs").resolve(refit.label()), arm.name(), p.method(),
                            group, p.seed()));
                }
            }
            List<StatRow> armRows = Sections.statRows(runs);
            body.add(new ReportDocument.Heading(3, title + ": " + arm.title()));
            // the settings as a proximal method sees them (a non-proximal method reports no stage-1 lambda)
            DfivConfig example = sweep.planned().stream().map(DemandSweep.Planned::config).filter(c -> c.method().proximal())
                    .findFirst().orElse(sweep.planned().get(0).config());
            body.add(ReportDocument.paragraph("Methods " + String.join(", ", arm.methods()) + "; " + example.epochs() + " epochs, batch "
                    + example.batchSize() + " rows per stage, Adam lr " + Format.num(example.learningRate()) + ", schedule "
                    + example.schedule().label() + ", ridge " + Format.num(example.ridge1()) + " / " + Format.num(example.ridge2())
                    + ", proximal lambda (stage 2 / stage 1) " + Format.num(example.prox()) + " / " + Format.num(example.effectiveStage1Prox())
                    + ", final weights " + (example.pooledFinal() ? "pooled over the last epoch" : "of the last batch pair")
                    + ". Metric: MSE against the noiseless structural function on the 2800-point grid; a method without refit "
                    + "beside its refit counterpart is that run read before its refit."));
            body.add(Sections.results(armRows, "grid MSE"));
            body.addAll(Sections.failures(runs));
            body.add(ReportDocument.paragraph("Time to target and cost (a step is a batch pair; full batch: an epoch's "
                    + "20 + 20 + 1 network steps; the DFIV trainer does not time its stage solves separately):"));
            body.add(Sections.timeToTarget(runs, setup.target(), false));
            if (Files.isRegularFile(armDir.resolve("dfiv-summary.md"))) {
                String rel = s.out().toAbsolutePath().normalize().relativize(armDir.toAbsolutePath().normalize()).toString();
                body.add(new ReportDocument.Image(rel + "/curves_epoch.png", "Grid MSE by epoch (mean over seeds)"));
                body.add(ReportDocument.paragraph(new ReportDocument.Text("Per-cell medians and IQRs as the sweep wrote them: "),
                        new ReportDocument.Link(rel + "/dfiv-summary.md", rel + "/dfiv-summary.md")));
            }
            all.addAll(runs);
            rows.addAll(armRows);
        }
        body.add(Sections.timeNote(setup.target(), setup.targetSource()));
        if (!setup.references().isEmpty()) {
            body.add(ReportDocument.paragraph("Reference values (" + setup.budget() + "):"));
            String main = setup.arms().get(0).name();
            String cell = group(setup.ns().get(0), setup.rhos().get(0));
            body.add(Sections.references(setup.references(), ref -> rows.stream()
                    .filter(r -> r.arm().equals(ref.arm() == null ? main : ref.arm()) && r.method().equals(ref.method())
                            && cell.equals(r.group())).map(StatRow::stats).findFirst(), true));
        }
        Judgement j = judge.judge(new Findings(setup, rows));
        return new ExperimentReport(name, title, claim, j.result(), j.verdict(), body, all, rows);
    }
}
