package dev.closedform.cli;

import dev.closedform.experiments.run.RunBackend;
import dev.closedform.spark.SparkBackend;

/**
 * The one place the CLI names a Spark class, reached only with {@code --spark}: the launcher puts Spark's jars
 * on the class path only then.
 */
final class SparkOption {

    private SparkOption() {}

    static RunBackend backend(String master, int workers) {
        try {
            Class.forName("org.apache.spark.SparkContext");
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--spark: Spark is not on the class path (run through the closedform launcher, "
                    + "which adds cli/target/spark-lib with --spark)");
        }
        return new SparkBackend(master, workers);
    }
}
