package dev.closedform.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.closedform.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The suite's progress: every run's estimate is spent exactly once, step by step or at once for finished runs. */
class WorkMeterTest {

    private static final class Recorder implements SuiteProgress {
        double total;
        final List<String> finished = new ArrayList<>();

        @Override
        public void started(double estimatedSeconds) {}

        @Override
        public void advanced(double estimatedSeconds, String label) {
            total += estimatedSeconds;
        }

        @Override
        public void runFinished(String experiment, String run) {
            finished.add(experiment + "/" + run);
        }
    }

    @Test
    void eachRunIsSpentOnceWhetherTrainedResumedOrFoundFinished() {
        Recorder r = new Recorder();
        Map<String, Double> budget = new LinkedHashMap<>();
        budget.put("a", 10.0); // found finished: never gets a listener's steps
        budget.put("b", 20.0); // resumed after 1 of 2 epochs of 5 steps
        budget.put("c", 30.0); // trained in full
        WorkMeter.Runs runs = new WorkMeter(r, "x").runs(budget);
        TrainingListener b = runs.apply("b");
        assertEquals(10.0, r.total, 1e-12, "a is spent when b starts");
        b.onStart(2, 2, 5);
        assertEquals(20.0, r.total, 1e-12, "the epoch done before the resume");
        for (int s = 1; s <= 5; s++) {
            b.onStep(2, s);
        }
        assertEquals(30.0, r.total, 1e-9);
        TrainingListener c = runs.apply("c");
        c.onStart(1, 3, 2);
        for (int s = 0; s < 6; s++) {
            c.onStep(1 + s / 2, 1 + s % 2);
        }
        c.onStep(3, 3); // more steps than announced: nothing beyond the budget
        runs.finishAll();
        runs.finishAll();
        assertEquals(60.0, r.total, 1e-9);
        assertEquals(List.of("x/a", "x/b", "x/c"), r.finished);
    }
}
