package dev.closedform.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.operator.OperatorSources;
import dev.closedform.experiments.task.CsvTask;
import dev.closedform.experiments.task.FriedmanTask;
import dev.closedform.experiments.task.OperatorTask;
import dev.closedform.experiments.operator.GenerationListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import dev.closedform.data.RegressionData;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingLoop;
import dev.closedform.train.TrainingResult;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code local[2]}: two barrier tasks against one process with the same global batch and shards of B/2 rows. */
class SparkTrainerTest {

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSessions.create("local[2]", "closedform-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The single-process run every Spark run must equal. */
    static Replicas reference(PreparedData data, BackboneFactory backbone, TrainingConfig config, int outputs) {
        try (LastLayerModel m = new LastLayerModel(backbone.create(), outputs, true, config.seed())) {
            TrainingResult r = new TrainingLoop(config).fit(m, data.train(), data.test(), data.metric());
            return Replicas.of(m, r);
        }
    }

    static Replicas onSpark(PreparedData data, BackboneFactory backbone, TrainingConfig config) {
        SparkResult r = SparkTrainer.builder().setSession(spark).optWorkers(2).setData(data).setBackbone(backbone)
                .setConfig(config).build().fit();
        assertEquals(config, r.config(), "the trainer keeps the configured shards");
        assertEquals(2, r.workers().size());
        assertTrue(r.bytesPerStep() > 0, "the workers exchanged gradients");
        return new Replicas(r.head(), r.backbone(), r.result().epochs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "cf-prox", "cf-full", "refit"})
    void friedmanOnTwoWorkersEqualsOneProcess(String method) {
        PreparedData data = new FriedmanTask(96, 40, 1.0, true).prepare(4);
        BackboneFactory mlp = BackboneFactory.mlp(10, new int[] {16}, Activation.TANH);
        TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(3).optBatchSize(20)
                .optLearningRate(0.05).optRidge(1e-3).optProx(0.5)
                .optShardRows(method.equals("cf-full") ? 48 : 10).optSeed(2).build();
        Replicas.assertSame(reference(data, mlp, config, 1), onSpark(data, mlp, config), 1e-5);
    }

    /** A CSV task (a user's table, standardised, seeded split), and the same file read by Spark as a Dataset. */
    @Test
    void csvTaskAndItsDatasetOnTwoWorkersEqualOneProcess(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("table.csv");
        Random random = new Random(11);
        StringBuilder text = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < 120; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double c = random.nextDouble();
            text.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f%n", a, b, c, Math.sin(2 * a) + b * c + 0.1 * random.nextGaussian()));
        }
        Files.writeString(csv, text);
        BackboneFactory mlp = BackboneFactory.mlp(3, new int[] {12}, Activation.TANH);
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(3).optBatchSize(16)
                .optLearningRate(0.05).optRidge(1e-3).optProx(0.5).optShardRows(8).optSeed(5).build();

        PreparedData task = new CsvTask(csv, List.of("y"), null, 0.25, true).prepare(config.seed());
        Replicas.assertSame(reference(task, mlp, config, 1), onSpark(task, mlp, config), 1e-5);

        Dataset<Row> table = spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
        Dataset<Row>[] split = table.randomSplit(new double[] {0.75, 0.25}, 3);
        PreparedData fromSpark = SparkData.fromDatasets(split[0], split[1], List.of("a", "b", "c"), List.of("y"));
        assertEquals(120, fromSpark.train().rows() + fromSpark.test().rows());
        Replicas.assertSame(reference(fromSpark, mlp, config, 1), onSpark(fromSpark, mlp, config), 1e-5);
    }

    /** Burgers with a (narrow) FNO-1d: head rows are (sample, grid point) pairs, 32 samples at 64 points. */
    @Test
    void burgersFnoOnTwoWorkersEqualsOneProcess(@TempDir Path cache) {
        OperatorTask burgers = OperatorTask.oneD("burgers", OperatorSources.burgers(64, cache, GenerationListener.NONE),
                null, 24, 8, 1).withModel(16, 8, 2);
        PreparedData data = burgers.prepare(1);
        BackboneFactory fno = BackboneFactory.fno1d(64, 16, 8, 2, 32);
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(2).optBatchSize(8)
                .optLearningRate(0.05).optRidge(1e-4).optProx(0.5).optShardRows(4).optSeed(1).build();
        Replicas.assertSame(reference(data, fno, config, 1), onSpark(data, fno, config), 1e-5);
    }

    /**
     * Worker 1 throws once, after step 2 of epoch 2: the stage fails, the driver starts the job again
     * from the epoch-1 checkpoint, and the run ends as an uninterrupted one, with the same files.
     */
    @Test
    void aTaskThatFailsOnceRestartsFromTheCheckpointAndEndsTheSame(@TempDir Path dir) throws IOException {
        PreparedData data = new FriedmanTask(80, 40, 1.0, true).prepare(6);
        BackboneFactory mlp = BackboneFactory.mlp(10, new int[] {16}, Activation.TANH);
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(3).optBatchSize(20)
                .optLearningRate(0.05).optRidge(1e-3).optProx(0.5).optShardRows(10).optSeed(8).build();
        RunDirectory clean = new RunDirectory(dir.resolve("clean"));
        RunDirectory faulty = new RunDirectory(dir.resolve("faulty"));
        SparkResult a = SparkTrainer.builder().setSession(spark).optWorkers(2).setData(data).setBackbone(mlp)
                .setConfig(config).optRunDirectory(clean).build().fit();
        SparkResult b = SparkTrainer.builder().setSession(spark).optWorkers(2).setData(data).setBackbone(mlp)
                .setConfig(config).optRunDirectory(faulty).optWorkerListener(new FailOnce()).build().fit();
        assertEquals(1, a.attempts());
        assertEquals(2, b.attempts(), "the failure must have happened and been retried");
        assertEquals(2, RESUMED_AT.get(), "the retry continues after epoch 1, from the checkpoint");
        Replicas.assertSame(new Replicas(a.head(), a.backbone(), a.result().epochs()),
                new Replicas(b.head(), b.backbone(), b.result().epochs()), 1e-5);
        List<String> expected = List.of("checkpoint.npz", "metrics.csv", "model.npz", "run.json");
        assertEquals(expected, files(clean.path()));
        assertEquals(expected, files(faulty.path()), "no partial or temporary files");
        assertEquals(withoutWallTime(clean.path().resolve("metrics.csv")), withoutWallTime(faulty.path().resolve("metrics.csv")));
        var record = RunDirectory.readJson(faulty.path().resolve("run.json"));
        assertEquals("finished", record.path("status").asText(), "the record of a run that recovered says it finished");
        assertEquals(b.result().finalTestMetric(), record.path("result").path("final_test_metric").asDouble(), 0);
        assertEquals("cf-prox", record.path("method").asText());
        assertEquals(40, record.path("data").path("test_rows").asInt());
    }

    /** First epoch of the retried attempt, as its loop reports it (local mode: the workers run in this JVM). */
    static final java.util.concurrent.atomic.AtomicInteger RESUMED_AT = new java.util.concurrent.atomic.AtomicInteger();

    /** Throws after step 2 of epoch 2 on worker 1, in the first attempt only. */
    private static final class FailOnce implements WorkerListener {
        @Override
        public TrainingListener create(int rank, int attempt) {
            return new TrainingListener() {
                @Override
                public void onStart(int firstEpoch, int epochs, int stepsPerEpoch) {
                    if (attempt == 2) {
                        RESUMED_AT.set(firstEpoch);
                    }
                }

                @Override
                public void onStep(int epoch, int stepInEpoch) {
                    if (rank == 1 && attempt == 1 && epoch == 2 && stepInEpoch == 2) {
                        throw new IllegalStateException("injected failure of worker 1 at epoch 2, step 2");
                    }
                }
            };
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** metrics.csv without its wall_seconds column (column 5), which differs between any two runs. */
    private static List<String> withoutWallTime(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(line -> {
            String[] f = line.split(",");
            return String.join(",", f[0], f[1], f[2], f[3]);
        }).toList();
    }

    /**
     * refit on two workers, then the same exact solve as one treeAggregate pass over a 3-partition
     * Dataset: the refit W and the training loss on all rows agree with the loop's.
     */
    @Test
    void refitAndFinalLossFromOneTreeAggregatePassMatchTheLoop() {
        PreparedData data = new FriedmanTask(90, 30, 1.0, true).prepare(9);
        BackboneFactory mlp = BackboneFactory.mlp(10, new int[] {8}, Activation.TANH);
        TrainingConfig config = TrainingConfig.builder().setMethod("refit").optEpochs(2).optBatchSize(18)
                .optLearningRate(0.05).optRidge(1e-2).optShardRows(9).optSeed(4).build();
        SparkResult trained = SparkTrainer.builder().setSession(spark).optWorkers(2).setData(data).setBackbone(mlp)
                .setConfig(config).build().fit();
        Dataset<Row> table = asDataset(data.train()).repartition(3);
        List<String> features = data.train().inputNames();
        DistributedSolves.FullPass pass = DistributedSolves.pass(spark, table, features, data.train().targetNames(),
                ModelState.of(trained, mlp, true));
        assertEquals(90, pass.statistics().rows());
        double[] w = pass.refit(config.ridge(), true).data();
        assertTrue(Replicas.maxRelative(trained.head().data(), w) < 1e-5, "refit W differs by " + Replicas.maxRelative(trained.head().data(), w));
        assertEquals(trained.result().finalTrainLoss(), pass.meanSquaredError(trained.head()), 1e-5 * trained.result().finalTrainLoss());
    }

    private static Dataset<Row> asDataset(RegressionData d) {
        StructType schema = new StructType();
        List<String> names = new ArrayList<>(d.inputNames());
        names.addAll(d.targetNames());
        for (String n : names) {
            schema = schema.add(n, DataTypes.FloatType);
        }
        float[] x = d.x();
        float[] y = d.y();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < d.rows(); i++) {
            Object[] values = new Object[names.size()];
            for (int j = 0; j < d.inputDim(); j++) {
                values[j] = x[i * d.inputDim() + j];
            }
            for (int j = 0; j < d.outputDim(); j++) {
                values[d.inputDim() + j] = y[i * d.outputDim() + j];
            }
            rows.add(RowFactory.create(values));
        }
        return spark.createDataFrame(rows, schema);
    }
}
