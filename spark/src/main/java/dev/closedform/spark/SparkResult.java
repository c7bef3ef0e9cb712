package dev.closedform.spark;

import dev.closedform.head.DenseMatrix;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingResult;
import java.util.List;
import java.util.Map;

/**
 * A finished data-parallel run.
 *
 * @param result   per-epoch metrics, as a single-process run reports them
 * @param config   the configuration the workers ran (with the shard rows the trainer chose)
 * @param backbone the final backbone parameters by DJL name
 * @param head     the final last layer {@code W} (outputs x features, bias column last)
 * @param workers  one report per worker, by rank, from the attempt that finished
 * @param attempts how many times the driver started the training job (1 without failures)
 */
public record SparkResult(TrainingResult result, TrainingConfig config, Map<String, float[]> backbone, DenseMatrix head,
                          List<WorkerReport> workers, int attempts) {

    /** Payload bytes one worker sent per optimisation step, averaged over the steps of the last attempt. */
    public double bytesPerStep() {
        WorkerReport r = workers.get(0);
        return r.steps() == 0 ? 0 : (double) r.bytesSent() / r.steps();
    }
}
