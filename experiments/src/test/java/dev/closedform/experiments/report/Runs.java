package dev.closedform.experiments.report;

import dev.closedform.train.EpochMetrics;
import java.util.ArrayList;
import java.util.List;

/** Synthetic runs with known numbers for the report tests. */
final class Runs {

    private Runs() {}

    /**
     * A run of {@code epochs} epochs whose test metric decays geometrically to {@code finalMetric}
     * (starting 100x higher, so the curves span more than a decade), 10 steps per epoch, 0.5 s per epoch.
     */
    static RunResult run(String method, long seed, double finalMetric, double finalTrain, int epochs, String group) {
        List<EpochMetrics> curve = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            double frac = epochs == 1 ? 1.0 : (e - 1) / (double) (epochs - 1);
            double test = finalMetric * Math.pow(100, 1 - frac);
            double train = finalTrain * Math.pow(50, 1 - frac);
            curve.add(new EpochMetrics(e, 10L * e, train, test, 0.5 * e));
        }
        return new RunResult(method, seed, "test_mse", curve, group);
    }

    static RunResult run(String method, long seed, double finalMetric, double finalTrain) {
        return run(method, seed, finalMetric, finalTrain, 5, null);
    }

    /** sgd finals {0.5, 0.7, 0.9}; cf-prox finals {0.1, 0.2}; adam final {0.3}. */
    static List<RunResult> comparison() {
        return List.of(
                run("sgd", 1, 0.5, 0.4), run("sgd", 2, 0.7, 0.6), run("sgd", 3, 0.9, 0.8),
                run("cf-prox", 1, 0.1, 0.05), run("cf-prox", 2, 0.2, 0.15),
                run("adam", 1, 0.3, 0.2));
    }
}
