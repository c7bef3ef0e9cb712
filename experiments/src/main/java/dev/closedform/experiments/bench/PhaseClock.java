package dev.closedform.experiments.bench;

import dev.closedform.train.EpochMetrics;
import dev.closedform.train.StepPhase;
import dev.closedform.train.TrainingListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

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
    private StepPhase current;
    private long lastCpu;
    private long lastWall;
    private long steps;

    @Override
    public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
        current = null; // the initial solve ran before: not a step
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
        }
        current = null;
    }

    @Override
    public void onEpoch(EpochMetrics metrics) {
        current = null; // an end-of-run refit is not a step
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
