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

    @Option(names = "--spark", paramLabel = "MASTER", description = "train/compare: train data-parallel on Spark "
            + "(local[N], local-cluster[N,1,MB], spark://host:port); results equal one process with --shard-rows batch/N.")
    String spark;

    @Option(names = "--workers", defaultValue = "0", paramLabel = "N", description = "--spark: workers (0: every task slot). "
            + "Default: ${DEFAULT-VALUE}.")
    int workers;

    /** Where runs train: this process, or Spark with {@code --spark}. */
    dev.closedform.experiments.run.RunBackend backend() {
        return spark == null ? dev.closedform.experiments.run.RunBackend.LOCAL : SparkOption.backend(spark, workers);
    }

    /** Refuses --spark where it does not apply. */
    void refuseSpark(String command) {
        if (spark != null) {
            throw new IllegalArgumentException("--spark does not apply to " + command + " (train and compare take it)");
        }
    }

    void applyThreads() {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        }
        OfflineDjl.threads(threads);
    }
}
