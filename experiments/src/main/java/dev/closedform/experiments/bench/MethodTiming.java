package dev.closedform.experiments.bench;

import dev.closedform.train.StepPhase;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The counted rounds of one method. Ratios to the baseline are taken within each round (the methods
 * ran back to back), then the median over rounds: this cancels the slow drifts of a shared machine
 * better than a ratio of medians.
 */
public record MethodTiming(BenchMethod method, List<RoundTime> rounds) {

    public MethodTiming {
        rounds = List.copyOf(rounds);
    }

    public double medianWallMs() {
        return median(i -> rounds.get(i).wallMs());
    }

    public double medianCpuMs() {
        return median(i -> rounds.get(i).cpuMs());
    }

    /** Median over rounds of this method's wall time per step over the baseline's. */
    public double wallRatio(MethodTiming base) {
        return median(i -> rounds.get(i).wallMs() / base.rounds.get(i).wallMs());
    }

    public double minWallRatio(MethodTiming base) {
        return extreme(base, true);
    }

    public double maxWallRatio(MethodTiming base) {
        return extreme(base, false);
    }

    public double medianQuietCpuMs() {
        return median(i -> rounds.get(i).quietCpuMs());
    }

    /** Median over rounds of this method's undisturbed-step CPU time over the baseline's. */
    public double quietCpuRatio(MethodTiming base) {
        return median(i -> rounds.get(i).quietCpuMs() / base.rounds.get(i).quietCpuMs());
    }

    /** As {@link #part} from the undisturbed-step quantiles of thread CPU time. */
    public double quietPart(StepPhase phase, MethodTiming base) {
        return median(i -> rounds.get(i).quietCpuMsByPhase()[phase.ordinal()] / base.rounds.get(i).quietCpuMs());
    }

    /** Median over rounds of this method's thread CPU time per step over the baseline's. */
    public double cpuRatio(MethodTiming base) {
        return median(i -> rounds.get(i).cpuMs() / base.rounds.get(i).cpuMs());
    }

    /**
     * Median over rounds of the time in {@code phase} over the baseline's whole step (thread CPU time
     * when {@code cpu}, else wall clock): the parts add up to about {@link #cpuRatio}.
     */
    public double part(StepPhase phase, MethodTiming base, boolean cpu) {
        return median(i -> rounds.get(i).phaseMs(phase, cpu) / base.rounds.get(i).stepMs(cpu));
    }

    /** Median over rounds of the per-step milliseconds in {@code phase}. */
    public double medianPhaseMs(StepPhase phase, boolean cpu) {
        return median(i -> rounds.get(i).phaseMs(phase, cpu));
    }

    private double extreme(MethodTiming base, boolean min) {
        double best = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (int i = 0; i < rounds.size(); i++) {
            double r = rounds.get(i).wallMs() / base.rounds.get(i).wallMs();
            best = min ? Math.min(best, r) : Math.max(best, r);
        }
        return best;
    }

    private double median(IntToDoubleFunction value) {
        double[] v = new double[rounds.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = value.applyAsDouble(i);
        }
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
