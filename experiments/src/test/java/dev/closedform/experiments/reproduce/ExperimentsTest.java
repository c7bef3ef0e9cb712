package dev.closedform.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.train.InitialHead;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite as data: selection by name and group, requirements, plans, the recorded command. */
class ExperimentsTest {

    private static List<String> names(List<String> only) {
        return Experiments.select(only).stream().map(Experiment::name).toList();
    }

    @Test
    void everyExperimentOfThePaperIsInTheSuite() {
        assertTrue(Experiments.names().containsAll(List.of("landscape", "burgers", "darcy", "demand", "demand-grid", "fashion-mnist",
                "mnist", "ablation-lambda", "ablation-beta", "ablation-batch", "ablation-order", "ablation-optimizer", "spurious",
                "ntk", "one-step")), Experiments.names().toString());
        assertEquals(Experiments.names(), names(null));
    }

    @Test
    void onlyTakesNamesAndGroupsInRunningOrderAndAddsWhatTheyRead() {
        assertEquals(List.of("burgers", "demand"), names(List.of("demand", " Burgers ")));
        assertEquals(List.of("spurious", "ntk", "one-step"), names(List.of("theory")));
        assertEquals(List.of("ablation-lambda", "no-tuning"), names(List.of("no-tuning")), "no-tuning reads the lambda sweep");
        assertEquals(List.of("ablation-lambda"), Experiments.addedRequirements(List.of("no-tuning"), Experiments.select(List.of("no-tuning")))
                .get("no-tuning"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Experiments.select(List.of("burgerz")));
        assertTrue(e.getMessage().startsWith("--only: unknown experiment 'burgerz'") && e.getMessage().contains("ablations"), e.getMessage());
    }

    @Test
    void theAblationsSweepWhatTheIssueAsksFor() {
        SweepExperiment lambda = (SweepExperiment) Experiments.get("ablation-lambda");
        List<?> lambdas = lambda.setup(Scale.PAPER).arms().get(0).axes().get(0).values();
        assertTrue(lambdas.size() >= 5 && lambdas.contains(0.0) && (double) lambdas.get(lambdas.size() - 1) / (double) lambdas.get(1) >= 1e4,
                "5+ values over 4 decades with 0: " + lambdas);
        assertTrue(((SweepExperiment) Experiments.get("ablation-beta")).setup(Scale.PAPER).arms().get(0).axes().get(0).values().contains(0.0));
        assertTrue(((SweepExperiment) Experiments.get("ablation-batch")).setup(Scale.PAPER).arms().get(0).axes().get(0).values().size() >= 4);
        assertEquals(3, ((SweepExperiment) Experiments.get("ablation-optimizer")).setup(Scale.PAPER).arms().get(0).methods().size());
        assertEquals(List.of(InitialHead.RIDGE, InitialHead.PROXIMAL),
                ((SweepExperiment) Experiments.get("ablation-initial-head")).setup(Scale.PAPER).arms().get(0).axes().get(0).values());
        assertTrue(names(List.of("ablations")).contains("ablation-initial-head"));
    }

    /** Plans are known without data: the paper scale plans in milliseconds and states its time. */
    @Test
    void plansNeedNoDataAndTheRecordedCommandLeavesOutWhatDoesNotChangeResults() {
        SuiteSettings s = new SuiteSettings(Scale.PAPER, null, Path.of("runs/p"), null);
        long start = System.nanoTime();
        double total = 0;
        for (Experiment e : Experiments.all()) {
            Plan p = e.plan(s);
            assertTrue(p.seconds() >= 0 && !p.lines().isEmpty(), e.name() + ": " + p);
            total += p.seconds();
        }
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "planning took too long");
        assertTrue(total > 3600, "the paper scale is hours: " + total);
        assertEquals(List.of("reproduce", "--scale", "paper", "--only", "burgers", "--seeds", "3", "--out", "runs/p"), s.command("burgers", 3));
        assertEquals("5", new SuiteSettings(Scale.SMOKE, 5, Path.of("o"), null).command("x", 1).get(6));
        assertEquals("--scale must be smoke or paper, got 'huge'", assertThrows(IllegalArgumentException.class, () -> Scale.parse("huge")).getMessage());
    }

    /** A method this build lacks is skipped, not an error: the no-tuning experiment lists methods by name. */
    @Test
    void unknownMethodsAreSkipped() {
        SweepExperiment.MethodEntry missing = SweepExperiment.MethodEntry.of("cf-nonexistent");
        assertTrue(missing.resolve().isEmpty());
        assertEquals("cf-prox@adam", SweepExperiment.MethodEntry.of("cf-prox@adam").resolve().orElseThrow().label());
        SweepExperiment none = (SweepExperiment) Experiments.get("no-tuning");
        Plan p = none.plan(new SuiteSettings(Scale.SMOKE, null, Path.of("o"), null));
        List<String> unknown = SweepExperiment.unknownMethods(none.setup(Scale.SMOKE).arms().get(0));
        if (unknown.size() == none.setup(Scale.SMOKE).arms().get(0).methods().size()) {
            assertEquals(0, p.runs());
            assertTrue(p.lines().get(0).contains("not run"), p.lines().toString());
        }
    }
}
