package dev.closedform.experiments.bench;

import java.util.List;

/**
 * A long cf-prox run's resident memory: after a warm-up epoch (allocator pools and JIT settled), at
 * the end, and every 1000 steps ({@code {step, KiB}} pairs). A native leak makes it grow.
 */
public record MemoryRun(long steps, double seconds, long residentKbStart, long residentKbEnd, List<long[]> residentKbByStep) {

    public MemoryRun {
        residentKbByStep = List.copyOf(residentKbByStep);
    }

    public double growthMb() {
        return (residentKbEnd - residentKbStart) / 1024.0;
    }
}
