package dev.closedform.experiments.reproduce;

import dev.closedform.experiments.iv.DemandSweep;
import java.util.Arrays;

/**
 * The final errors of one method over its seeds: mean and sample standard deviation (divisor n - 1),
 * median and quartiles (linear interpolation between order statistics), extremes. Non-finite values
 * (a diverged or stopped run) are left out and counted in {@code failed}.
 */
public record Stats(int n, int failed, double mean, double std, double median, double q1, double q3, double min, double max) {

    public static Stats of(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int failed = values.length - v.length;
        if (v.length == 0) {
            return new Stats(0, failed, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(v).sum() / v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double std = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
        return new Stats(v.length, failed, mean, std, DemandSweep.quantile(v, 0.5), DemandSweep.quantile(v, 0.25),
                DemandSweep.quantile(v, 0.75), v[0], v[v.length - 1]);
    }

    /** Whether any run finished with a finite value. */
    public boolean any() {
        return n > 0;
    }
}
