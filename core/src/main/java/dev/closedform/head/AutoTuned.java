package dev.closedform.head;

import java.util.List;
import java.util.Map;

/**
 * What every cf-auto head shares, whichever trainer runs it (the main harness's rule, a DFIV stage):
 * the {@link AutoProximal} selection, the epoch's {@link AutoChoices} for {@code metrics.csv} and its
 * warnings, and the selection's state for checkpoints.
 */
public abstract class AutoTuned {

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
        return tuner.checkpointState();
    }

    public void restore(Map<String, double[]> state) {
        tuner.restoreCheckpoint(state);
    }
}
