package dev.closedform.experiments.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.experiments.model.ModelFactory;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.NpzCheckpointStore;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;

/**
 * Where a run's training happens: in this process (the default) or, for example, on a Spark cluster.
 * The {@link Runner} keeps everything else (validation, the run folder, the record, the saved model), so a
 * run is the same run whatever trains it.
 */
public interface RunBackend {

    /** The training loop in this process. */
    RunBackend LOCAL = (config, model, factory, data, checkpoints, listener) ->
            new TrainingLoop(config).optListener(listener).optCheckpoints(checkpoints).fit(model, data.train(), data.test(), data.metric());

    /**
     * Trains {@code model} (built by {@code factory} for {@code data}) and leaves it in its final state,
     * continuing from {@code checkpoints} when they hold this run and saving there after every epoch.
     */
    TrainingResult fit(TrainingConfig config, LastLayerModel model, ModelFactory factory, PreparedData data,
            NpzCheckpointStore checkpoints, TrainingListener listener);

    /** Adds what the run record should say about where it trained (nothing for {@link #LOCAL}). */
    default void describe(ObjectNode record) {}
}
