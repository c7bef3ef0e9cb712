package dev.closedform.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.reproduce.ReportDocument.Inline;
import dev.closedform.experiments.reproduce.ReportDocument.Table;
import dev.closedform.experiments.reproduce.ReportDocument.Text;
import dev.closedform.experiments.reproduce.ReportDocument.Timing;
import dev.closedform.train.EpochMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Time to target on curves written out by hand, and the table that reports it. */
class TimeToTargetTest {

    /** Five epochs of 10 steps, 2 s each, 0.5 s of it in the head; errors 0.9 0.5 0.3 0.25 0.2. */
    static final List<EpochMetrics> CURVE = List.of(
            new EpochMetrics(1, 10, 1, 0.9, 2, Map.of(), 0.5),
            new EpochMetrics(2, 20, 1, 0.5, 4, Map.of(), 1.0),
            new EpochMetrics(3, 30, 1, 0.3, 6, Map.of(), 1.5),
            new EpochMetrics(4, 40, 1, 0.25, 8, Map.of(), 2.0),
            new EpochMetrics(5, 50, 1, 0.2, 10, Map.of(), 2.5));

    @Test
    void firstEpochAtOrBelowTheThreshold() {
        assertEquals(new TimeToTarget.Reached(2, 20, 4), TimeToTarget.first(CURVE, 0.5, false).orElseThrow(), "0.5 itself counts");
        assertEquals(new TimeToTarget.Reached(3, 30, 6), TimeToTarget.first(CURVE, 0.4, false).orElseThrow());
        assertTrue(TimeToTarget.first(CURVE, 0.1, false).isEmpty(), "never reached");
        // 1.1 x the final 0.2 is 0.22: first reached at the last epoch, not at 0.25
        assertEquals(0.22, TimeToTarget.ownThreshold(0.2, false, 1.1), 1e-15);
        assertEquals(5, TimeToTarget.first(CURVE, TimeToTarget.ownThreshold(0.2, false, 1.1), false).orElseThrow().epoch());
        assertEquals(200.0, TimeToTarget.msPerStep(CURVE), 1e-12);
        assertEquals(0.25, TimeToTarget.solveShare(CURVE), 1e-12);
    }

    /** Accuracy: the error is 1 - accuracy, so 1.1x the final error of 0.9 accuracy is 0.89 accuracy. */
    @Test
    void scoresCountTheirErrorAsOneMinusTheScore() {
        List<EpochMetrics> acc = List.of(new EpochMetrics(1, 5, 1, 0.80, 1), new EpochMetrics(2, 10, 1, 0.891, 2),
                new EpochMetrics(3, 15, 1, 0.90, 3));
        assertEquals(0.89, TimeToTarget.ownThreshold(0.90, true, 1.1), 1e-12);
        assertEquals(2, TimeToTarget.first(acc, TimeToTarget.ownThreshold(0.90, true, 1.1), true).orElseThrow().epoch());
        assertEquals(1, TimeToTarget.first(acc, 0.8, true).orElseThrow().epoch());
        assertTrue(TimeToTarget.first(acc, 0.95, true).isEmpty());
    }

    /**
     * Two seeds of one method: one reaches 0.4 at epoch 3 (30 steps, 6 s), the other (every value 1.5x) at
     * epoch 4 (40 steps, 8 s): the table shows 2/2, the mean 35 steps and 7.0 s; the cost columns are timings.
     */
    @Test
    void theTableAveragesTheSeedsThatReachedIt() {
        List<EpochMetrics> slower = CURVE.stream().map(m -> new EpochMetrics(m.epoch(), m.steps(), m.trainLoss(), 1.5 * m.testMetric(),
                m.wallSeconds(), Map.of(), m.headSeconds())).toList();
        CitedRun a = new CitedRun("x/a", "main", "cf-prox", null, 1, "finished", "final_test_metric", 0.2, CURVE, List.of(), "");
        CitedRun b = new CitedRun("x/b", "main", "cf-prox", null, 2, "finished", "final_test_metric", 0.3, slower, List.of(), "");
        Table t = (Table) Sections.timeToTarget(List.of(a, b), 0.4, false);
        List<Inline> row = t.rows().get(0);
        assertEquals(new Text("2/2"), row.get(1));
        assertEquals(new Text("35"), row.get(2));
        assertEquals(new Timing("7.0 s"), row.get(3));
        // own 1.1x thresholds 0.22 and 0.33: both at their last epoch (0.3 <= 0.33 only at epoch 5 for b)
        assertEquals(new Text("50"), row.get(4));
        assertEquals(new Timing("200.0"), row.get(6));
        assertEquals(new Timing("25.0%"), row.get(7));
    }
}
