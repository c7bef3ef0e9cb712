package dev.closedform.spark;

import dev.closedform.train.TrainingListener;
import java.io.Serializable;

/** Builds a listener on each worker, e.g. to log progress on the executors. Shipped to them, so serializable. */
@FunctionalInterface
public interface WorkerListener extends Serializable {

    /**
     * @param rank    the worker, 0-based
     * @param attempt the driver's attempt at the training job, 1-based (a retry after a failure is 2, ...)
     */
    TrainingListener create(int rank, int attempt);
}
