package dev.closedform.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the operating system says about the machine while a benchmark runs (Linux {@code /proc}). */
public final class MachineLoad {

    private MachineLoad() {}

    /** The 1-minute load average (runnable processes, all users), or NaN where {@code /proc/loadavg} is missing. */
    public static double oneMinute() {
        try {
            String text = Files.readString(Path.of("/proc/loadavg")).trim();
            return Double.parseDouble(text.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Resident set size of this process in KiB, or -1 where {@code /proc/self/status} is missing. */
    public static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not on Linux: report -1 rather than fail the benchmark
        }
        return -1;
    }
}
