package dev.closedform.train;

import dev.closedform.data.RegressionData;

/**
 * A task's test metric. Predictions arrive in training units (rows x outputs, row-major); the
 * metric maps them back to original units if the task standardised its targets.
 */
public interface TestMetric {

    String name();

    double compute(float[] predictions, RegressionData test);

    /** Whether a larger value is better (accuracy) or worse (errors, the default). */
    default boolean higherIsBetter() {
        return false;
    }

    /** Classification accuracy: prediction = argmax of the outputs, label = argmax of the one-hot target. */
    static TestMetric accuracy() {
        return new TestMetric() {
            @Override
            public String name() {
                return "test_accuracy";
            }

            @Override
            public double compute(float[] predictions, RegressionData test) {
                return Losses.accuracy(predictions, test.y(), test.rows());
            }

            @Override
            public boolean higherIsBetter() {
                return true;
            }
        };
    }

    /** Mean over rows of the squared Euclidean error, in the units of {@code test}. */
    static TestMetric meanSquaredError() {
        return new TestMetric() {
            @Override
            public String name() {
                return "test_mse";
            }

            @Override
            public double compute(float[] predictions, RegressionData test) {
                return Losses.meanSquaredError(predictions, test.y(), test.rows());
            }
        };
    }
}
