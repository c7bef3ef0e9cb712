package dev.closedform.spark;

import dev.closedform.data.RegressionData;
import java.io.Serializable;
import java.util.List;

/** A {@link RegressionData} in a form Spark can broadcast to the executors. */
record Table(float[] x, float[] y, List<String> inputNames, List<String> targetNames) implements Serializable {

    static Table of(RegressionData d) {
        return new Table(d.x(), d.y(), List.copyOf(d.inputNames()), List.copyOf(d.targetNames()));
    }

    RegressionData toData() {
        return new RegressionData(x, y, inputNames, targetNames);
    }
}
