package dev.closedform.experiments.report;

import dev.closedform.train.EpochMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Final-epoch statistics of one method (or one method within one sweep group) over its seeds.
 *
 * <p>{@code std} is the sample standard deviation (divisor n - 1; 0 for a single seed), because the
 * seeds are a sample of what the method would do, not the whole population.
 *
 * @param method          method name
 * @param group           sweep group or {@code null}
 * @param nSeeds          number of runs aggregated
 * @param mean            mean final test metric
 * @param std             sample standard deviation of the final test metric
 * @param min             smallest final test metric
 * @param max             largest final test metric
 * @param bestSeed        seed of the best run (smallest metric, or largest when higher is better)
 * @param meanTrainLoss   mean final train loss
 * @param meanWallSeconds mean cumulative training wall time
 * @param meanSteps       mean number of optimisation steps
 * @param msPerStep       mean over seeds of (wall time / steps), in milliseconds; NaN when no steps
 * @param secondsPerEpoch mean over seeds of (wall time / epochs)
 * @param extras          the task's extra final test metrics (e.g. {@code test_sq_loss}) by name: mean and
 *                        sample standard deviation over seeds (NaN when a seed lacks the metric)
 */
public record MethodStats(String method, String group, int nSeeds, double mean, double std, double min, double max,
                          long bestSeed, double meanTrainLoss, double meanWallSeconds, double meanSteps,
                          double msPerStep, double secondsPerEpoch, Map<String, Spread> extras) {

    /** Mean and sample standard deviation (divisor n - 1; 0 for one value) of a metric over seeds. */
    public record Spread(double mean, double std) {
        static Spread of(double[] values) {
            int n = values.length;
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            double mean = sum / n;
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new Spread(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0);
        }
    }

    /** Names of the extra final test metrics of {@code runs}, in first-seen order. */
    public static List<String> extraNames(List<RunResult> runs) {
        return EpochMetrics.extraNames(runs.stream().map(RunResult::last).toList());
    }

    /** Label shared with {@link RunResult#label()}. */
    public String label() {
        return group == null ? method : method + " [" + group + "]";
    }

    /**
     * Groups runs by (method, group) and returns one entry per group, best first; groups whose mean
     * is NaN (a diverged seed) sort last so a broken run never "wins".
     */
    public static List<MethodStats> of(List<RunResult> runs, boolean higherIsBetter) {
        Map<String, List<RunResult>> byLabel = groupByLabel(runs);
        List<MethodStats> out = new ArrayList<>();
        for (List<RunResult> rs : byLabel.values()) {
            out.add(aggregate(rs, higherIsBetter));
        }
        Comparator<Double> byValue = higherIsBetter ? Comparator.reverseOrder() : Comparator.naturalOrder();
        out.sort(Comparator.comparing((MethodStats m) -> Double.isNaN(m.mean()))
                .thenComparing(MethodStats::mean, byValue)
                .thenComparing(MethodStats::label));
        return out;
    }

    /** Runs keyed by label, in first-seen order. */
    static Map<String, List<RunResult>> groupByLabel(List<RunResult> runs) {
        Map<String, List<RunResult>> byLabel = new LinkedHashMap<>();
        for (RunResult r : runs) {
            byLabel.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r);
        }
        return byLabel;
    }

    private static MethodStats aggregate(List<RunResult> rs, boolean higherIsBetter) {
        int n = rs.size();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double train = 0;
        double wall = 0;
        double steps = 0;
        double msPerStep = 0;
        double secondsPerEpoch = 0;
        RunResult best = null;
        for (RunResult r : rs) {
            double v = r.finalTestMetric();
            min = Math.min(min, v);
            max = Math.max(max, v);
            train += r.finalTrainLoss();
            wall += r.wallSeconds();
            steps += r.steps();
            msPerStep += r.steps() > 0 ? 1000.0 * r.wallSeconds() / r.steps() : Double.NaN;
            secondsPerEpoch += r.wallSeconds() / r.last().epoch();
            if (!Double.isNaN(v) && (best == null
                    || (higherIsBetter ? v > best.finalTestMetric() : v < best.finalTestMetric()))) {
                best = r;
            }
        }
        Spread main = Spread.of(rs.stream().mapToDouble(RunResult::finalTestMetric).toArray());
        Map<String, Spread> extras = new LinkedHashMap<>();
        for (String name : extraNames(rs)) {
            extras.put(name, Spread.of(rs.stream()
                    .mapToDouble(r -> r.last().extraTestMetrics().getOrDefault(name, Double.NaN)).toArray()));
        }
        RunResult first = rs.get(0);
        return new MethodStats(first.method(), first.group(), n, main.mean(), main.std(), min, max,
                best == null ? first.seed() : best.seed(),
                train / n, wall / n, steps / n, msPerStep / n, secondsPerEpoch / n, Collections.unmodifiableMap(extras));
    }
}
