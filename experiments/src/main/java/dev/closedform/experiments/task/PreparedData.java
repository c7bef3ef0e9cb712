package dev.closedform.experiments.task;

import dev.closedform.data.RegressionData;
import dev.closedform.data.Standardizer;
import dev.closedform.model.Backbone;
import dev.closedform.train.TestMetric;
import java.util.function.Supplier;

/**
 * A task's data ready for the training loop: splits in training units, the metric that reports in
 * original units, and the standardiser (or {@code null}) so models can be saved with it.
 *
 * @param model      the backbone the task implies (a fresh one per call, e.g. the FNO of an operator
 *                   task), or {@code null} when the caller chooses (the MLP options)
 * @param imageShape {@code {channels, height, width}} when the rows are flattened images
 *                   (convolutional backbones need it), else {@code null}
 */
public record PreparedData(RegressionData train, RegressionData test, TestMetric metric, Standardizer standardizer,
                           String description, Supplier<Backbone> model, int[] imageShape) {

    public PreparedData(RegressionData train, RegressionData test, TestMetric metric, Standardizer standardizer, String description) {
        this(train, test, metric, standardizer, description, null, null);
    }
}
