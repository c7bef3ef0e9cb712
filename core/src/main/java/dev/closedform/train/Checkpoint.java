package dev.closedform.train;

import java.util.List;
import java.util.Map;

/**
 * The complete state of a run at an epoch boundary: enough to continue it to the same result as
 * an uninterrupted run (batch order is a function of seed and epoch, augmentation draws of seed, epoch and step, so no
 * generator state is kept).
 *
 * @param configKey    {@link TrainingConfig#toString()} of the run, to refuse resuming another run
 * @param head         {@code W}, row-major outputs x features
 * @param ruleState    what the method's rule carries besides {@code W} ({@link LastLayerRule#state()}); empty for most
 */
public record Checkpoint(
        String configKey,
        int epochsDone,
        long steps,
        double wallSeconds,
        List<EpochMetrics> metrics,
        Map<String, float[]> backbone,
        double[] head,
        List<float[]> optimizerState,
        long optimizerUpdates,
        Map<String, double[]> ruleState) {

    public Checkpoint {
        ruleState = ruleState == null ? Map.of() : Map.copyOf(ruleState);
    }

    /** A checkpoint of a rule without state. */
    public Checkpoint(String configKey, int epochsDone, long steps, double wallSeconds, List<EpochMetrics> metrics,
                      Map<String, float[]> backbone, double[] head, List<float[]> optimizerState, long optimizerUpdates) {
        this(configKey, epochsDone, steps, wallSeconds, metrics, backbone, head, optimizerState, optimizerUpdates, Map.of());
    }
}
