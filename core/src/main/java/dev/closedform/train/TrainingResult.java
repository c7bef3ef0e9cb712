package dev.closedform.train;

import java.util.List;

/** What a run returns: per-epoch metrics, so examples and tests can assert on them. */
public record TrainingResult(String method, String metricName, List<EpochMetrics> epochs, long parameterCount) {

    public EpochMetrics last() {
        return epochs.get(epochs.size() - 1);
    }

    public double finalTestMetric() {
        return last().testMetric();
    }

    public double finalTrainLoss() {
        return last().trainLoss();
    }
}
