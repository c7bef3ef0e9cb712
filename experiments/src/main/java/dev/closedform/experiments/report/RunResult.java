package dev.closedform.experiments.report;

import dev.closedform.train.EpochMetrics;
import java.util.List;

/**
 * One training run as a report sees it: which method, which seed, and its per-epoch metrics.
 *
 * @param method      method name, e.g. {@code "sgd"} or {@code "cf-prox"}
 * @param seed        the run's seed
 * @param metricName  name of the test metric, e.g. {@code "test_mse"}
 * @param curve       per-epoch metrics in epoch order; at least one entry
 * @param group       optional sweep cell, e.g. {@code "batch=20"}; {@code null} when there is no sweep
 */
public record RunResult(String method, long seed, String metricName, List<EpochMetrics> curve, String group) {

    public RunResult {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method must be non-blank, got " + (method == null ? "null" : "'" + method + "'"));
        }
        if (metricName == null || metricName.isBlank()) {
            throw new IllegalArgumentException("metricName must be non-blank, got "
                    + (metricName == null ? "null" : "'" + metricName + "'"));
        }
        if (curve == null || curve.isEmpty()) {
            throw new IllegalArgumentException("curve must have at least one epoch (method " + method + ", seed " + seed + ")");
        }
        curve = List.copyOf(curve);
        if (group != null && group.isBlank()) {
            group = null;
        }
    }

    /** A run outside any sweep. */
    public RunResult(String method, long seed, String metricName, List<EpochMetrics> curve) {
        this(method, seed, metricName, curve, null);
    }

    /** The last recorded epoch. */
    public EpochMetrics last() {
        return curve.get(curve.size() - 1);
    }

    public double finalTestMetric() {
        return last().testMetric();
    }

    public double finalTrainLoss() {
        return last().trainLoss();
    }

    /** Cumulative training wall time at the last epoch. */
    public double wallSeconds() {
        return last().wallSeconds();
    }

    /** Cumulative optimisation steps at the last epoch. */
    public long steps() {
        return last().steps();
    }

    /** How reports name this run's series: the method, plus the group when there is one. */
    public String label() {
        return group == null ? method : method + " [" + group + "]";
    }
}
