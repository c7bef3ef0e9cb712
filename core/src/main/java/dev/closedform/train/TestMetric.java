package dev.closedform.train;

import dev.closedform.data.RegressionData;
import dev.closedform.data.Standardizer;
import java.util.Map;

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

    /**
     * Further metrics recorded beside the main one (name to value, in a fixed order), computed from
     * the same evaluation; none by default.
     *
     * @param estimates the model's estimates of the target rows, from the same predictions that
     *                  {@link #compute} scores: the predictions themselves, except that {@code ce}
     *                  turns its logits into probabilities ({@link LastLayerRule#targetEstimates})
     */
    default Map<String, Double> extras(float[] estimates, RegressionData test) {
        return Map.of();
    }

    /**
     * Classification accuracy: prediction = argmax of the outputs, label = argmax of the one-hot
     * target. Extra metric {@code test_sq_loss}: {@code (1/rows) sum_i ||f(x_i) - y_i||^2} on the
     * (scaled) one-hot targets, the data term the squared-loss methods train on.
     */
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
            public Map<String, Double> extras(float[] estimates, RegressionData test) {
                return Map.of("test_sq_loss", Losses.meanSquaredError(estimates, test.y(), test.rows()));
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

    /**
     * Relative L2 error of fields, the neural-operator metric: the mean over test rows (samples) of
     * {@code ||pred - true||_2 / ||true||_2}, each row being a whole output field, in original units.
     *
     * @param scaling the target scaling applied to the data, undone before scoring; {@code null} if none
     */
    static TestMetric relativeL2(Standardizer scaling) {
        return new TestMetric() {
            @Override
            public String name() {
                return "test_rel_l2";
            }

            @Override
            public double compute(float[] predictions, RegressionData test) {
                float[] p = scaling == null ? predictions : scaling.inverseTargets(predictions);
                float[] y = scaling == null ? test.y() : scaling.inverseTargets(test.y());
                return meanRelativeL2(p, y, test.rows());
            }
        };
    }

    /** Mean over rows of {@code ||p_i - y_i|| / ||y_i||} (row-major arrays); a zero true row counts its absolute error. */
    static double meanRelativeL2(float[] predictions, float[] targets, int rows) {
        if (predictions.length != targets.length || rows < 1 || targets.length % rows != 0) {
            throw new IllegalArgumentException("predictions have " + predictions.length + " values, targets "
                    + targets.length + ", rows " + rows);
        }
        int width = targets.length / rows;
        double total = 0;
        for (int i = 0; i < rows; i++) {
            double err = 0;
            double norm = 0;
            for (int j = i * width; j < (i + 1) * width; j++) {
                double d = (double) predictions[j] - targets[j];
                err += d * d;
                norm += (double) targets[j] * targets[j];
            }
            total += norm > 0 ? Math.sqrt(err / norm) : Math.sqrt(err);
        }
        return total / rows;
    }
}
