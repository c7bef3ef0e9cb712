package dev.closedform.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the harness records after each epoch.
 *
 * @param epoch            1-based epoch number
 * @param steps            optimisation steps taken so far (cumulative)
 * @param trainLoss        mean squared loss on the whole training split, in training units
 * @param testMetric       the task's test metric (e.g. MSE in original units)
 * @param wallSeconds      cumulative training wall time, evaluation excluded
 * @param extraTestMetrics further test metrics of the task by name, in a fixed order, from the same
 *                         test predictions ({@link TestMetric#extras}; e.g. {@code test_sq_loss} for
 *                         classification); empty for most tasks
 * @param diagnostics      what the method chose during the epoch, by name ({@link LastLayerRule#epochDiagnostics};
 *                         e.g. {@code cf-auto}'s {@code lambda} and {@code beta}); empty for most methods
 * @param headSeconds      cumulative part of {@code wallSeconds} spent computing new last layers from batch
 *                         features (Gram statistics and solve; the final refit's too), the cost of the closed
 *                         form; 0 for methods that train the head by gradient; NaN where not measured (other
 *                         trainers, or epochs resumed from a checkpoint written before it was recorded)
 */
public record EpochMetrics(int epoch, long steps, double trainLoss, double testMetric, double wallSeconds,
                           Map<String, Double> extraTestMetrics, Map<String, Double> diagnostics, double headSeconds) {

    public EpochMetrics {
        extraTestMetrics = frozen(extraTestMetrics);
        diagnostics = frozen(diagnostics);
    }

    /** An epoch whose head time was not measured. */
    public EpochMetrics(int epoch, long steps, double trainLoss, double testMetric, double wallSeconds,
                        Map<String, Double> extraTestMetrics, Map<String, Double> diagnostics) {
        this(epoch, steps, trainLoss, testMetric, wallSeconds, extraTestMetrics, diagnostics, Double.NaN);
    }

    /** An epoch without diagnostics. */
    public EpochMetrics(int epoch, long steps, double trainLoss, double testMetric, double wallSeconds,
                        Map<String, Double> extraTestMetrics, double headSeconds) {
        this(epoch, steps, trainLoss, testMetric, wallSeconds, extraTestMetrics, Map.of(), headSeconds);
    }

    /** An epoch without diagnostics, whose head time was not measured. */
    public EpochMetrics(int epoch, long steps, double trainLoss, double testMetric, double wallSeconds,
                        Map<String, Double> extraTestMetrics) {
        this(epoch, steps, trainLoss, testMetric, wallSeconds, extraTestMetrics, Map.of(), Double.NaN);
    }

    /** An epoch without extra test metrics, whose head time was not measured. */
    public EpochMetrics(int epoch, long steps, double trainLoss, double testMetric, double wallSeconds) {
        this(epoch, steps, trainLoss, testMetric, wallSeconds, Map.of(), Map.of(), Double.NaN);
    }

    /**
     * This epoch with another test metric and training time, everything else kept (extras, diagnostics, head
     * time): the last epoch read off at another moment, e.g. before or after a final refit.
     */
    public EpochMetrics withTestMetric(double metric, double wall) {
        return new EpochMetrics(epoch, steps, trainLoss, metric, wall, extraTestMetrics, diagnostics, headSeconds);
    }

    private static Map<String, Double> frozen(Map<String, Double> values) {
        return values == null || values.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Names of the extra test metrics of a history, in first-seen order (epochs of an older checkpoint may lack them). */
    public static List<String> extraNames(List<EpochMetrics> history) {
        Set<String> names = new LinkedHashSet<>();
        history.forEach(m -> names.addAll(m.extraTestMetrics().keySet()));
        return List.copyOf(names);
    }

    /** Names of the diagnostics of a history, in first-seen order. */
    public static List<String> diagnosticNames(List<EpochMetrics> history) {
        Set<String> names = new LinkedHashSet<>();
        history.forEach(m -> names.addAll(m.diagnostics().keySet()));
        return List.copyOf(names);
    }
}
