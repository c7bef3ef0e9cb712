package dev.closedform.experiments.bench;

import dev.closedform.train.EpochMetrics;
import dev.closedform.train.StepPhase;
import dev.closedform.train.TrainingListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time of the training thread per {@link StepPhase}, from the first phase of a step to its
 * {@code onStep}; evaluation and set-up between steps are left out. CPU time of the calling thread
 * is what matters with one engine thread: the engine then computes on the calling thread, so the
 * number is the step's compute, whatever else runs on the machine. Wall time is kept beside it for
 * several threads, whose work the calling thread's CPU time does not see.
 */
public final class PhaseClock implements TrainingListener {

    private static final StepPhase[] PHASES = StepPhase.values();
    private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    private final long[] cpuNanos = new long[PHASES.length];
    private final long[] wallNanos = new long[PHASES.length];
    /** Thread CPU nanoseconds of each finished step, per phase. */
    private final List<long[]> stepCpuNanos = new ArrayList<>();
    private long[] stepStartCpuNanos = new long[PHASES.length];
    private StepPhase current;
    private long lastCpu;
    private long lastWall;
    private long steps;

    @Override
    public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
        current = null; // the initial solve ran before: not a step
        stepStartCpuNanos = cpuNanos.clone();
    }

    @Override
    public void onPhase(StepPhase phase) {
        long cpu = bean.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        if (current != null) {
            cpuNanos[current.ordinal()] += cpu - lastCpu;
            wallNanos[current.ordinal()] += wall - lastWall;
        }
        current = phase;
        lastCpu = cpu;
        lastWall = wall;
    }

    @Override
    public void onStep(int epoch, int stepInEpoch) {
        if (current != null) {
            onPhase(current);
            steps++;
            long[] step = new long[PHASES.length];
            for (int i = 0; i < step.length; i++) {
                step[i] = cpuNanos[i] - stepStartCpuNanos[i];
            }
            stepCpuNanos.add(step);
            stepStartCpuNanos = cpuNanos.clone();
        }
        current = null;
    }

    /**
     * A low quantile ({@code q} in [0, 1]) over the steps of the thread CPU milliseconds in {@code phase}
     * (null: the whole step). On a shared machine a step that another process interrupted pays for cold
     * caches; the low quantiles are the steps that ran undisturbed.
     */
    public double cpuMsQuantile(StepPhase phase, double q) {
        if (stepCpuNanos.isEmpty()) {
            return Double.NaN;
        }
        double[] v = new double[stepCpuNanos.size()];
        for (int i = 0; i < v.length; i++) {
            long[] step = stepCpuNanos.get(i);
            long total = 0;
            for (long t : step) {
                total += t;
            }
            v[i] = (phase == null ? total : step[phase.ordinal()]) / 1e6;
        }
        Arrays.sort(v);
        return v[(int) Math.floor(q * (v.length - 1))];
    }

    @Override
    public void onEpoch(EpochMetrics metrics) {
        current = null; // an end-of-run refit is not a step
        stepStartCpuNanos = cpuNanos.clone();
    }

    public long steps() {
        return steps;
    }

    /** Milliseconds of thread CPU per step spent in {@code phase}. */
    public double cpuMsPerStep(StepPhase phase) {
        return steps == 0 ? Double.NaN : cpuNanos[phase.ordinal()] / 1e6 / steps;
    }

    /** Wall-clock milliseconds per step spent in {@code phase}. */
    public double wallMsPerStep(StepPhase phase) {
        return steps == 0 ? Double.NaN : wallNanos[phase.ordinal()] / 1e6 / steps;
    }

    /** Thread CPU milliseconds per step, all phases. */
    public double cpuMsPerStep() {
        double total = 0;
        for (StepPhase p : PHASES) {
            total += cpuMsPerStep(p);
        }
        return total;
    }

    /** Wall-clock milliseconds per step, all phases. */
    public double wallMsPerStep() {
        double total = 0;
        for (StepPhase p : PHASES) {
            total += wallMsPerStep(p);
        }
        return total;
    }
}
