package dev.closedform.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The "Run" options shared by train, compare and the iv commands: where results go, and how the process runs. */
final class RunOptions {

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. train: required; compare: default runs/compare-<task>-<time>.")
    Path out;

    @Option(names = "--overwrite", description = "Replace a different run already in --out (only once the new run has finished).")
    boolean overwrite;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "PyTorch intra-op threads (0: all cores). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--quiet", description = "No progress output on standard error.")
    boolean quiet;

    void applyThreads() {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        }
        OfflineDjl.threads(threads);
    }
}
