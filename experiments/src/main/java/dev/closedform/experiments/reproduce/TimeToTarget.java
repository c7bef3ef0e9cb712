package dev.closedform.experiments.reproduce;

import dev.closedform.train.EpochMetrics;
import java.util.List;
import java.util.Optional;

/**
 * When a learning curve first reaches an error: the first epoch whose test metric is at or below the
 * threshold (at or above it for a score such as accuracy), with the cumulative training seconds and
 * steps of {@code metrics.csv} at the end of that epoch. Curves are recorded per epoch, so this is the
 * end of the epoch in which the threshold was crossed, not an interpolation inside it.
 */
public final class TimeToTarget {

    /** The factor of {@link #ownThreshold}: "within 10% of where the run ended". */
    public static final double OWN_FACTOR = 1.1;

    /** Where a curve first reached a threshold. */
    public record Reached(int epoch, long steps, double seconds) {}

    private TimeToTarget() {}

    /** The first epoch of {@code curve} whose metric reaches {@code threshold}, if any. */
    public static Optional<Reached> first(List<EpochMetrics> curve, double threshold, boolean higherIsBetter) {
        for (EpochMetrics m : curve) {
            double v = m.testMetric();
            if (Double.isFinite(v) && (higherIsBetter ? v >= threshold : v <= threshold)) {
                return Optional.of(new Reached(m.epoch(), m.steps(), m.wallSeconds()));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code factor} times the run's own final error: {@code factor * final} for errors; for scores in
     * [0, 1] the error is {@code 1 - score}, so the threshold is {@code 1 - factor (1 - final)}.
     */
    public static double ownThreshold(double finalValue, boolean higherIsBetter, double factor) {
        return higherIsBetter ? 1 - factor * (1 - finalValue) : factor * finalValue;
    }

    /** Milliseconds per optimisation step over the whole run (training time only). */
    public static double msPerStep(List<EpochMetrics> curve) {
        EpochMetrics last = curve.get(curve.size() - 1);
        return last.steps() > 0 ? 1000 * last.wallSeconds() / last.steps() : Double.NaN;
    }

    /** The share of the training time spent in head updates (NaN where the trainer does not measure it). */
    public static double solveShare(List<EpochMetrics> curve) {
        EpochMetrics last = curve.get(curve.size() - 1);
        return last.wallSeconds() > 0 ? last.headSeconds() / last.wallSeconds() : Double.NaN;
    }
}
