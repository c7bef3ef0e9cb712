package dev.closedform.experiments.bench;

import dev.closedform.train.StepPhase;

/**
 * One method's steps in one round: milliseconds per step, wall clock (as the loop measures its
 * epochs) and per phase from a {@link PhaseClock}: means over the steps, and the lower quantile
 * {@link #QUIET_QUANTILE} of thread CPU time, which stands for the steps no other process disturbed.
 */
public record RoundTime(double wallMs, double[] cpuMsByPhase, double[] wallMsByPhase, double quietCpuMs,
                        double[] quietCpuMsByPhase) {

    /** The quantile over steps that stands for an undisturbed step ({@link PhaseClock#cpuMsQuantile}). */
    public static final double QUIET_QUANTILE = 0.2;

    static RoundTime of(double wallMs, PhaseClock clock) {
        StepPhase[] phases = StepPhase.values();
        double[] cpu = new double[phases.length];
        double[] wall = new double[phases.length];
        double[] quiet = new double[phases.length];
        for (StepPhase p : phases) {
            cpu[p.ordinal()] = clock.cpuMsPerStep(p);
            wall[p.ordinal()] = clock.wallMsPerStep(p);
            quiet[p.ordinal()] = clock.cpuMsQuantile(p, QUIET_QUANTILE);
        }
        return new RoundTime(wallMs, cpu, wall, clock.cpuMsQuantile(null, QUIET_QUANTILE), quiet);
    }

    /** Thread CPU milliseconds per step, all phases. */
    public double cpuMs() {
        double total = 0;
        for (double v : cpuMsByPhase) {
            total += v;
        }
        return total;
    }

    /** Per-step milliseconds of {@code phase}: thread CPU time when {@code cpu}, else wall clock. */
    public double phaseMs(StepPhase phase, boolean cpu) {
        return (cpu ? cpuMsByPhase : wallMsByPhase)[phase.ordinal()];
    }

    /** Per-step milliseconds of the phases together: thread CPU time when {@code cpu}, else wall clock. */
    public double stepMs(boolean cpu) {
        double total = 0;
        for (double v : cpu ? cpuMsByPhase : wallMsByPhase) {
            total += v;
        }
        return total;
    }
}
