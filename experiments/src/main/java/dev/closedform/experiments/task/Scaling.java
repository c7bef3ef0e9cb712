package dev.closedform.experiments.task;

import dev.closedform.data.RegressionData;
import dev.closedform.data.Standardizer;
import dev.closedform.train.Losses;
import dev.closedform.train.TestMetric;

/** Optional standardisation with statistics from the training split only; metrics stay in original units. */
final class Scaling {

    private Scaling() {}

    static PreparedData prepare(RegressionData train, RegressionData test, boolean standardize, String description) {
        if (!standardize) {
            return new PreparedData(train, test, TestMetric.meanSquaredError(), null, description);
        }
        Standardizer s = Standardizer.fit(train);
        RegressionData scaledTrain = s.apply(train);
        RegressionData scaledTest = s.apply(test);
        TestMetric metric = new TestMetric() {
            @Override
            public String name() {
                return "test_mse";
            }

            @Override
            public double compute(float[] predictions, RegressionData scaled) {
                return Losses.meanSquaredError(s.inverseTargets(predictions), s.inverseTargets(scaled.y()), scaled.rows());
            }
        };
        return new PreparedData(scaledTrain, scaledTest, metric, s, description + ", standardised (train statistics)");
    }
}
