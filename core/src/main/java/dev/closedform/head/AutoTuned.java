package dev.closedform.head;

import java.util.List;
import java.util.Map;

/**
 * What every cf-auto head shares, whichever trainer runs it (the main harness's rule, a DFIV stage):
 * the {@link AutoProximal} selection, the epoch's {@link AutoChoices} for {@code metrics.csv} and its
 * warnings, and the selection's state for checkpoints.
 */
public abstract class AutoTuned {

    /** The checkpoint entry of the selection's state (the name cf-auto checkpoints have always used). */
    private static final String CHECKPOINT_KEY = "auto";

    protected final AutoProximal tuner = new AutoProximal();
    protected final AutoChoices epochChoices = new AutoChoices();

    /** {@code lambda} and {@code beta}: the medians of the epoch's choices. */
    public Map<String, Double> epochDiagnostics() {
        return epochChoices.endEpoch();
    }

    public List<String> warnings() {
        return epochChoices.takeWarnings();
    }

    public Map<String, double[]> state() {
        return Map.of(CHECKPOINT_KEY, tuner.state());
    }

    public void restore(Map<String, double[]> state) {
        if (state.containsKey(CHECKPOINT_KEY)) { // a checkpoint without it leaves the fresh state
            tuner.restore(state.get(CHECKPOINT_KEY));
        }
    }
}
