package dev.closedform.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.report.RunResult;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TrainingConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notes compare every cell of a sweep with a method that the sweep did not vary (sgd in a lambda sweep). */
class SweepNotesTest {

    private static RunResult run(String method, String group, double testMetric) {
        EpochMetrics last = new EpochMetrics(1, 10, 1.0, testMetric, 0.5, Map.of(), Map.of());
        return new RunResult(method, 1, "test_mse", List.of(last), group);
    }

    @Test
    void everyLambdaCellIsComparedWithTheOneSgdRun() {
        List<RunResult> results = List.of(run("sgd", null, 5.0), run("cf-prox", "lambda=0.1", 4.0),
                run("cf-prox", "lambda=1", 6.0));
        Sweep.Planned example = new Sweep.Planned(MethodSpec.parse("cf-prox"), "lambda=0.1", "cf-prox-prox0.1-seed1",
                TrainingConfig.builder().setMethod("cf-prox").build());
        List<String> notes = SweepNotes.of(results, List.of(), false, "data", "model", example, null);
        List<String> comparisons = notes.stream().filter(n -> n.contains("beat sgd") || n.contains("beats sgd")).toList();
        assertEquals(List.of("cf-prox beats sgd at lambda=0.1: mean test_mse 4.000 vs 5.000 (20.0% lower).",
                "Honest negative: cf-prox does NOT beat sgd at lambda=1: mean test_mse 6.000 vs 5.000."), comparisons, notes.toString());
        assertTrue(notes.contains("Best at lambda=0.1: cf-prox (mean test_mse 4.000, 50.000 ms/step)."), notes.toString());
        assertTrue(notes.contains("Best at lambda=1: sgd (mean test_mse 5.000, 50.000 ms/step)."), notes.toString());
        assertTrue(notes.stream().noneMatch(n -> n.contains("Best at null")), notes.toString());
    }
}
