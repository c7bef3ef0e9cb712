package dev.closedform.experiments.task;

import dev.closedform.data.RegressionData;
import dev.closedform.data.Standardizer;
import dev.closedform.train.TestMetric;

/**
 * A task's data ready for the training loop: splits in training units, the metric that reports in
 * original units, and the standardiser (or {@code null}) so models can be saved with it.
 * {@code imageShape} is {@code {channels, height, width}} when the rows are flattened images
 * (convolutional backbones need it), else {@code null}.
 */
public record PreparedData(RegressionData train, RegressionData test, TestMetric metric, Standardizer standardizer,
        String description, int[] imageShape) {

    public PreparedData(RegressionData train, RegressionData test, TestMetric metric, Standardizer standardizer, String description) {
        this(train, test, metric, standardizer, description, null);
    }
}
