package dev.closedform.spark;

import dev.closedform.data.RegressionData;
import dev.closedform.engine.EngineSettings;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.SparkSession;

/**
 * FNO-1d training steps (standard model: width 64, 16 modes, 4 layers; batch 20 fields of 1024
 * points) on 1 worker and on 2 workers, side by side in one run and one Spark application, with one
 * intra-op thread per worker. Prints throughput, scaling efficiency (throughput ratio / 2) and the
 * bytes each worker sends per step. Only the second epoch is timed (the first warms up).
 *
 * <pre>
 *   java -Dai.djl.pytorch.num_threads=1 ... dev.closedform.spark.SparkBenchmark [--master local[2]] [--steps 20] [--grid 1024]
 * </pre>
 * Timings are only meaningful on an otherwise idle machine with at least two free cores.
 */
public final class SparkBenchmark {

    private SparkBenchmark() {}

    public static void main(String[] args) {
        String master = "local[2]";
        int steps = 20;
        int grid = 1024;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--master" -> master = args[i + 1];
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--grid" -> grid = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; expected --master, --steps, --grid");
            }
        }
        EngineSettings.ensureOffline();
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            EngineSettings.setThreads(1);
        }
        int batch = 20;
        PreparedData data = randomFields(batch * steps, grid);
        BackboneFactory fno = BackboneFactory.fno1d(grid, 64, 16, 4, 128);
        System.out.printf(Locale.ROOT, "FNO-1d, %d parameters, batch %d x %d points, %d steps timed, master %s, %s intra-op thread(s) per JVM%n",
                parameters(fno), batch, grid, steps, master,
                System.getProperty("ai.djl.pytorch.num_threads"));
        SparkSession spark = SparkSessions.create(master, "closedform-benchmark");
        try {
            double[] throughput = new double[3];
            for (int workers : new int[] {1, 2}) {
                TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(2).optBatchSize(batch)
                        .optLearningRate(1e-3).optRidge(1e-4).optProx(1).optShardRows(batch / workers).optSeed(1).build();
                SparkResult r = SparkTrainer.builder().setSession(spark).optWorkers(workers).setData(data).setBackbone(fno)
                        .setConfig(config).build().fit();
                List<EpochMetrics> e = r.result().epochs();
                double seconds = e.get(1).wallSeconds() - e.get(0).wallSeconds();
                throughput[workers] = steps * batch / seconds;
                System.out.printf(Locale.ROOT, "%d worker(s): %.3f s per step, %.1f fields/s, %.0f bytes sent per worker per step%n",
                        workers, seconds / steps, throughput[workers], r.bytesPerStep());
            }
            System.out.printf(Locale.ROOT, "scaling efficiency (throughput ratio / 2): %.3f%n", throughput[2] / throughput[1] / 2);
        } finally {
            spark.stop();
        }
        System.exit(0); // Spark's barrier timer thread is not a daemon: without this the JVM waits for ever
    }

    private static long parameters(BackboneFactory f) {
        try (var model = Replica.build(f, 1, true, 1)) {
            return model.parameterCount();
        }
    }

    /** Random input fields and targets: the step cost does not depend on the values. */
    private static PreparedData randomFields(int samples, int grid) {
        Random random = new Random(1);
        float[] x = new float[samples * grid];
        float[] y = new float[samples * grid];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
            y[i] = (float) random.nextGaussian();
        }
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (int j = 0; j < grid; j++) {
            in.add("a" + j);
            out.add("u" + j);
        }
        RegressionData train = new RegressionData(x, y, in, out);
        RegressionData test = new RegressionData(java.util.Arrays.copyOf(x, grid * 2), java.util.Arrays.copyOf(y, grid * 2), in, out);
        return new PreparedData(train, test, TestMetric.relativeL2(null), null, "random fields");
    }
}
