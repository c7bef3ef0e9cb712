package dev.closedform.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.closedform.engine.EngineSettings;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.ProximalSolver;
import dev.closedform.model.LastLayerModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Exact closed-form solves over data that need not fit in one machine: one pass over the
 * partitions of a {@code Dataset<Row>} forms the head's sufficient statistics with the trained
 * backbone ({@code Phi^T Phi}, {@code Y^T Phi}, the row count, and {@code sum ||y||^2}), summed by
 * {@code treeAggregate} in double precision. From them, the ridge refit {@code W*} and the mean
 * squared error of any {@code W} on all rows follow exactly.
 */
public final class DistributedSolves {

    /** Samples per forward pass on an executor. */
    private static final int CHUNK = 256;

    private DistributedSolves() {}

    /**
     * The statistics of all rows of {@code data} (numeric {@code features} and {@code targets}
     * columns; for pointwise models the targets are a sample's whole output field).
     */
    public static FullPass pass(SparkSession spark, Dataset<Row> data, List<String> features, List<String> targets,
                                ModelState model) {
        List<String> columns = new ArrayList<>(features);
        columns.addAll(targets);
        Dataset<Row> selected = data.selectExpr(columns.stream().map(c -> "CAST(`" + c + "` AS FLOAT) AS `" + c + "`")
                .toArray(String[]::new));
        Broadcast<ModelState> state = spark.sparkContext().broadcast(model, scala.reflect.ClassTag$.MODULE$.apply(ModelState.class));
        int p = features.size();
        int width = targets.size();
        JavaRDD<FullPass> partials = selected.javaRDD().mapPartitions(rows -> List.of(partition(rows, state.value(), p, width)).iterator());
        int depth = Math.max(2, (int) Math.ceil(Math.log(Math.max(2, partials.getNumPartitions())) / Math.log(8)));
        return partials.treeAggregate(null, DistributedSolves::plus, DistributedSolves::plus, depth);
    }

    private static FullPass plus(FullPass a, FullPass b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a.plus(b);
    }

    private static FullPass partition(Iterator<Row> rows, ModelState state, int p, int width) {
        EngineSettings.ensureOffline();
        ConcurrentGradients.allow(); // a fresh executor thread: no gradient recording outside collectors
        try (LastLayerModel model = state.build(); NDManager manager = NDManager.newBaseManager()) {
            int points = model.backbone().pointsPerSample();
            GramStatistics total = GramStatistics.empty(model.headFeatureDim(), model.outputDim());
            double squares = 0;
            List<Row> chunk = new ArrayList<>();
            while (rows.hasNext()) {
                chunk.clear();
                while (rows.hasNext() && chunk.size() < CHUNK) {
                    chunk.add(rows.next());
                }
                float[] x = new float[chunk.size() * p];
                float[] y = new float[chunk.size() * width];
                for (int i = 0; i < chunk.size(); i++) {
                    Row r = chunk.get(i);
                    for (int j = 0; j < p + width; j++) {
                        if (r.isNullAt(j)) {
                            throw new IllegalArgumentException("a row has an empty or non-numeric value in column " + (j + 1));
                        }
                        float v = r.getFloat(j);
                        if (j < p) {
                            x[i * p + j] = v;
                        } else {
                            y[i * width + j - p] = v;
                            squares += (double) v * v;
                        }
                    }
                }
                try (NDManager step = manager.newSubManager()) {
                    NDArray features = model.featuresKeepingStatistics(step.create(x, new Shape(chunk.size(), p)));
                    NDArray targets = step.create(y, new Shape((long) chunk.size() * points, model.outputDim()));
                    total.addInPlace(GramStatistics.of(features, targets));
                }
            }
            return new FullPass(total, squares);
        }
    }

    /**
     * The result of one pass.
     *
     * @param squaredTargets {@code sum_i ||y_i||^2} over all head rows
     */
    public record FullPass(GramStatistics statistics, double squaredTargets) implements Serializable {

        FullPass plus(FullPass other) {
            return new FullPass(statistics.plus(other.statistics), squaredTargets + other.squaredTargets);
        }

        /** The exact ridge solve {@code W*} on all rows ({@code refit}, and {@code cf-full}'s solve). */
        public DenseMatrix refit(double ridge, boolean ridgeOnBias) {
            return ProximalSolver.solve(statistics, 0, ridge, null, ridgeOnBias);
        }

        /**
         * {@code (1/n) sum_i ||y_i - W phi_i||^2} over all head rows, from the sums alone:
         * {@code sum ||y||^2 - 2 tr(W (Y^T Phi)^T) + tr(W Phi^T Phi W^T)}.
         */
        public double meanSquaredError(DenseMatrix w) {
            DenseMatrix gram = statistics.gram();
            DenseMatrix cross = statistics.cross();
            double sse = squaredTargets;
            for (int o = 0; o < w.rows(); o++) {
                for (int i = 0; i < w.cols(); i++) {
                    sse -= 2 * w.get(o, i) * cross.get(o, i);
                    double gw = 0;
                    for (int j = 0; j < w.cols(); j++) {
                        gw += gram.get(i, j) * w.get(o, j);
                    }
                    sse += w.get(o, i) * gw;
                }
            }
            return sse / statistics.rows();
        }
    }
}
