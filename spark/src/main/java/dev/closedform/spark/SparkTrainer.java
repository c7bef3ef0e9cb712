package dev.closedform.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.closedform.engine.EngineSettings;
import dev.closedform.experiments.run.Provenance;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.run.RunRecord;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.head.DenseMatrix;
import dev.closedform.model.LastLayerModel;
import dev.closedform.train.Checkpoint;
import dev.closedform.train.Methods;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingListener;
import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Synchronous data-parallel training on Spark with the one training loop: W barrier tasks, each a
 * replica of the model, take their share of every global batch; gradients, losses and head
 * statistics are summed by a ring all-reduce between the tasks before every update and solve. The
 * run equals a single-process run with the same global batch and {@code shardRows = B / W}.
 *
 * <p>The driver keeps the checkpoint (in the run directory when given) and computes the test
 * metric; a failed task fails the barrier stage, and the driver starts the job again from the last
 * checkpoint, up to {@code maxAttempts} times. Build with {@link #builder()}.
 */
public final class SparkTrainer {

    private final Builder b;

    private SparkTrainer(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The entry behind {@code train --spark MASTER}: prepares the task on the driver, trains on all
     * task slots of {@code master} and fills {@code dir} as a single-process run does.
     */
    public static TrainingResult train(RegressionTask task, BackboneFactory backbone, TrainingConfig config, String master,
                                       RunDirectory dir) {
        return builder().setMaster(master).setTask(task).setBackbone(backbone).setConfig(config)
                .optRunDirectory(dir).build().fit().result();
    }

    public SparkResult fit() {
        EngineSettings.ensureOffline();
        PreparedData data = b.data != null ? b.data : b.task.prepare(b.config.seed());
        boolean ownSession = b.session == null;
        SparkSession session = ownSession ? SparkSessions.create(b.master, "closedform") : b.session;
        try {
            return run(session, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            if (ownSession) {
                session.stop();
            }
        }
    }

    private SparkResult run(SparkSession session, PreparedData data) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
        int workers = b.workers > 0 ? b.workers : jsc.defaultParallelism();
        int outputs = data.train().outputDim() / b.backbone.create().pointsPerSample(); // pointwise heads: per grid point
        try (LastLayerModel model = Replica.build(b.backbone, outputs, b.bias, b.config.seed())) {
            if (!model.statistics().isEmpty()) {
                throw new IllegalArgumentException("the backbone keeps running statistics (BatchNorm): each worker would "
                        + "update them from its own shard only, so the replicas would drift apart; use a backbone without them");
            }
            TrainingConfig config = withShards(b.config, workers, data.train().rows());
            Path scratch = null;
            Path checkpoint;
            if (b.dir != null) {
                checkpoint = b.dir.checkpoint();
                if (!b.resume) {
                    Files.deleteIfExists(checkpoint);
                }
            } else if (b.checkpointFile != null) {
                checkpoint = b.checkpointFile; // the caller's run folder: a checkpoint there is this run's, resumed
            } else {
                scratch = Files.createTempDirectory("closedform-spark");
                checkpoint = scratch.resolve(RunDirectory.CHECKPOINT);
            }
            ObjectNode runJson = b.dir == null ? null : runJson(data, config, model, session, workers);
            if (runJson != null) {
                b.dir.writeRunJson(runJson);
            }
            String host = jsc.getConf().get("spark.driver.host", "127.0.0.1");
            try (DriverLink link = DriverLink.start(host, checkpoint, data.metric(), data.test(), b.listener)) {
                Broadcast<Table> train = jsc.broadcast(Table.of(data.train()));
                Broadcast<Table> test = jsc.broadcast(Table.of(data.test()));
                List<WorkerReport> reports = null;
                int attempt = 0;
                while (reports == null) {
                    attempt++;
                    WorkerTask task = new WorkerTask(train, test, b.backbone, config, model.outputDim(), b.bias,
                            link.address(), data.metric(), attempt, b.workerListener);
                    try {
                        reports = barrierJob(jsc, workers, task);
                    } catch (Exception e) { // Spark rethrows the task's failure, undeclared, as a SparkException
                        if (attempt >= b.maxAttempts || !retryable(e)) {
                            throw new IllegalStateException("training on Spark failed (attempt " + attempt + " of "
                                    + b.maxAttempts + "): " + e.getMessage(), e);
                        }
                        System.err.println("closedform: attempt " + attempt + " failed (" + firstLine(e)
                                + "); restarting from the last checkpoint");
                    }
                }
                Checkpoint last = link.latest().orElseThrow(() -> new IllegalStateException("the workers saved no checkpoint"));
                load(model, last);
                TrainingResult result = new TrainingResult(config.method().label(), data.metric().name(),
                        List.copyOf(last.metrics()), model.parameterCount());
                SparkResult out = new SparkResult(result, config, last.backbone(), model.head(), reports, attempt);
                if (b.dir != null) {
                    finish(runJson, out, model, data);
                }
                return out;
            } finally {
                if (scratch != null) {
                    Files.deleteIfExists(checkpoint);
                    Files.deleteIfExists(scratch);
                }
            }
        }
    }

    private static List<WorkerReport> barrierJob(JavaSparkContext jsc, int workers, WorkerTask task) {
        List<Integer> ranks = IntStream.range(0, workers).boxed().toList();
        ClassTag<WorkerReport> tag = ClassTag$.MODULE$.apply(WorkerReport.class);
        RDD<WorkerReport> reports = jsc.parallelize(ranks, workers).rdd().barrier().mapPartitions(task, false, tag);
        List<WorkerReport> out = new ArrayList<>(reports.toJavaRDD().collect());
        out.sort((x, y) -> Integer.compare(x.rank(), y.rank()));
        return out;
    }

    /** A failure that would happen again on a retry: bad configuration, data or divergence. */
    private static boolean retryable(Exception e) {
        String m = String.valueOf(e.getMessage());
        return !(m.contains("TrainingDivergedException") || m.contains("IllegalArgumentException")
                || m.contains("DataFormatException"));
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * Every worker must get whole shards of the first step: shards of {@code ceil(rows / W)} rows
     * unless the configuration chose them, and then at least W of them.
     */
    static TrainingConfig withShards(TrainingConfig config, int workers, int trainRows) {
        int stepRows = Methods.rule(config).fullBatch() ? trainRows : Math.min(config.batchSize(), trainRows);
        int shard = config.shardRows() > 0 ? config.shardRows() : (stepRows + workers - 1) / workers;
        int shards = (stepRows + shard - 1) / shard;
        if (shards < workers) {
            throw new IllegalArgumentException("shardRows " + shard + " splits a step of " + stepRows + " rows into "
                    + shards + " shard(s), fewer than the " + workers + " workers: use at most " + stepRows / workers);
        }
        return config.toBuilder().optShardRows(shard).build();
    }

    private static void load(LastLayerModel model, Checkpoint c) {
        for (Map.Entry<String, ai.djl.ndarray.NDArray> p : model.backboneParameters().entrySet()) {
            p.getValue().set(FloatBuffer.wrap(c.backbone().get(p.getKey())));
        }
        model.setHead(DenseMatrix.of(model.outputDim(), model.headFeatureDim(), c.head().clone()));
    }

    private ObjectNode runJson(PreparedData data, TrainingConfig config, LastLayerModel model, SparkSession session, int workers) {
        ObjectNode run = RunDirectory.JSON.createObjectNode();
        run.put("tool", "closedform");
        run.put("task", b.task != null ? b.task.name() : "spark-dataset");
        run.put("method", config.method().label());
        run.put("seed", config.seed());
        run.set("config", RunDirectory.JSON.valueToTree(config));
        RunRecord.putModelAndData(run, model, java.util.Map.of(), data);
        ObjectNode s = run.putObject("spark");
        s.put("master", session.sparkContext().master());
        s.put("spark_version", session.version());
        s.put("workers", workers);
        s.put("shard_rows", config.shardRows());
        run.set("provenance", Provenance.toJson());
        run.put("status", RunRecord.RUNNING);
        return run;
    }

    private void finish(ObjectNode run, SparkResult out, LastLayerModel model, PreparedData data) throws IOException {
        TrainingResult result = out.result();
        RunRecord.finish(run, result);
        ObjectNode s = (ObjectNode) run.get("spark");
        s.put("attempts", out.attempts());
        s.put("bytes_sent_per_worker_per_step", out.bytesPerStep());
        b.dir.writeMetrics(result);
        b.dir.writeModel(model, data.standardizer());
        b.dir.writeRunJson(run);
    }

    /** {@code setX} for what must be given, {@code optX} for the rest. */
    public static final class Builder {
        private String master;
        private SparkSession session;
        private int workers;
        private RegressionTask task;
        private PreparedData data;
        private BackboneFactory backbone;
        private TrainingConfig config;
        private RunDirectory dir;
        private Path checkpointFile;
        private boolean bias = true;
        private boolean resume;
        private int maxAttempts = 3;
        private WorkerListener workerListener;
        private TrainingListener listener = TrainingListener.NONE;

        /** The cluster: {@code local[N]}, {@code local-cluster[N,cores,MB]}, {@code spark://host:port}; the trainer starts and stops the session. */
        public Builder setMaster(String v) { master = v; return this; }
        /** A running session instead of a master (kept open afterwards), e.g. under spark-submit. */
        public Builder setSession(SparkSession v) { session = v; return this; }
        /** A task, prepared on the driver with the configuration's seed. */
        public Builder setTask(RegressionTask v) { task = v; return this; }
        /** Data already prepared, e.g. by {@link SparkData#fromDatasets}. */
        public Builder setData(PreparedData v) { data = v; return this; }
        public Builder setBackbone(BackboneFactory v) { backbone = v; return this; }
        public Builder setConfig(TrainingConfig v) { config = v; return this; }
        /** Workers (barrier tasks); default: the context's default parallelism (all task slots). */
        public Builder optWorkers(int v) { workers = v; return this; }
        /** Where the driver writes run.json, metrics.csv, model.npz and the checkpoint. */
        public Builder optRunDirectory(RunDirectory v) { dir = v; return this; }
        /**
         * Keep the checkpoint in this file and resume from it when it holds one, writing nothing else (the
         * caller keeps the run folder, as {@link SparkBackend} does for the Runner).
         */
        public Builder optCheckpointFile(Path v) { checkpointFile = v; return this; }
        /** Whether the last layer has a bias column (default true). */
        public Builder optBias(boolean v) { bias = v; return this; }
        /** Continue from the run directory's checkpoint instead of discarding it (default false). */
        public Builder optResume(boolean v) { resume = v; return this; }
        /** How often the driver starts the training job before giving up (default 3). */
        public Builder optMaxAttempts(int v) { maxAttempts = v; return this; }
        public Builder optWorkerListener(WorkerListener v) { workerListener = v; return this; }
        /** Called on the driver after every epoch, when worker 0's checkpoint arrives. */
        public Builder optListener(TrainingListener v) { listener = v; return this; }

        public SparkTrainer build() {
            if ((master == null) == (session == null)) {
                throw new IllegalArgumentException("set exactly one of master and session");
            }
            if ((task == null) == (data == null)) {
                throw new IllegalArgumentException("set exactly one of task and data");
            }
            if (backbone == null) {
                throw new IllegalArgumentException("backbone must be set");
            }
            if (config == null) {
                throw new IllegalArgumentException("config must be set");
            }
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 1 (0: all task slots), got " + workers);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
            }
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            return new SparkTrainer(this);
        }
    }
}
