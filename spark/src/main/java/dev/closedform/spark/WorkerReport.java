package dev.closedform.spark;

import java.io.Serializable;

/**
 * What one worker tells the driver after training.
 *
 * @param bytesSent   payload bytes it sent to its ring neighbour (gradients, statistics, losses, predictions)
 * @param steps       optimisation steps it took in this attempt
 * @param wallSeconds cumulative training wall time of the run (evaluation excluded), as the loop records it
 * @param executor    the Spark executor that ran it ({@code driver} in local mode)
 * @param pid         the process id of that executor's JVM
 */
public record WorkerReport(int rank, long bytesSent, long steps, double wallSeconds, String executor, long pid)
        implements Serializable {}
