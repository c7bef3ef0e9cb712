package dev.closedform.spark;

import dev.closedform.data.RegressionData;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.train.TestMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Training data from Spark tables: numeric feature and target columns of a {@code Dataset<Row>}. */
public final class SparkData {

    private SparkData() {}

    /**
     * Train and test tables read into the driver's memory, in the datasets' row order (partition by
     * partition), scored by the test mean squared error. No scaling is applied.
     */
    public static PreparedData fromDatasets(Dataset<Row> train, Dataset<Row> test, List<String> features, List<String> targets) {
        RegressionData tr = collect(train, features, targets, "training");
        RegressionData te = collect(test, features, targets, "test");
        return new PreparedData(tr, te, TestMetric.meanSquaredError(), null, "Spark dataset, " + tr.rows() + " train / "
                + te.rows() + " test rows, targets " + String.join(", ", targets));
    }

    /** The rows of {@code dataset} as one table; every named column must hold numbers and no nulls. */
    public static RegressionData collect(Dataset<Row> dataset, List<String> features, List<String> targets, String what) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("targets: name at least one target column");
        }
        List<String> columns = new ArrayList<>(features);
        columns.addAll(targets);
        List<String> present = Arrays.asList(dataset.columns());
        for (String c : columns) {
            if (!present.contains(c)) {
                throw new IllegalArgumentException("the " + what + " dataset has no column '" + c + "'; it has " + present);
            }
        }
        Column[] selected = columns.stream().map(c -> functions.col(c).cast("float").alias(c)).toArray(Column[]::new);
        List<Row> rows = dataset.select(selected).collectAsList();
        int p = features.size();
        int o = targets.size();
        float[] x = new float[rows.size() * p];
        float[] y = new float[rows.size() * o];
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            for (int j = 0; j < p + o; j++) {
                if (row.isNullAt(j)) {
                    throw new IllegalArgumentException("the " + what + " dataset's row " + (i + 1) + ", column '" + columns.get(j)
                            + "' is empty or not a number");
                }
                float v = row.getFloat(j);
                if (j < p) {
                    x[i * p + j] = v;
                } else {
                    y[i * o + j - p] = v;
                }
            }
        }
        return new RegressionData(x, y, features, targets);
    }
}
