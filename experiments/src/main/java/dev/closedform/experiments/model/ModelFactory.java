package dev.closedform.experiments.model;

import dev.closedform.experiments.task.PreparedData;
import dev.closedform.model.Backbone;
import dev.closedform.train.UpdateOrder;
import java.util.Map;

/**
 * Builds the backbone of a run for a task's data. Tasks that imply their model (operator tasks: the
 * FNO) hand it over through {@link PreparedData#model()}; every factory must honour that.
 */
public interface ModelFactory {

    /** A fresh backbone; {@code seed} seeds whatever the model draws itself (e.g. augmentation). */
    Backbone backbone(PreparedData data, long seed);

    /** Whether the head gets a bias (a constant feature). */
    default boolean bias() {
        return true;
    }

    /** The update order used when the configuration does not name one. */
    default UpdateOrder preferredOrder() {
        return UpdateOrder.BACKBONE_FIRST;
    }

    /** What the run record says about the model's options (the backbone describes itself too). */
    default Map<String, Object> describe() {
        return Map.of();
    }
}
