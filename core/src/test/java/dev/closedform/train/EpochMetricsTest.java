package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The last epoch read off at another moment keeps everything but its test metric and time. */
class EpochMetricsTest {

    @Test
    void withTestMetricKeepsExtrasDiagnosticsAndHeadTime() {
        EpochMetrics m = new EpochMetrics(7, 70, 0.5, 0.25, 12.0, Map.of("test_sq_loss", 0.3), Map.of("lambda", 10.0), 1.5);
        EpochMetrics r = m.withTestMetric(0.125, 11.0);
        assertEquals(new EpochMetrics(7, 70, 0.5, 0.125, 11.0, Map.of("test_sq_loss", 0.3), Map.of("lambda", 10.0), 1.5), r);
    }
}
