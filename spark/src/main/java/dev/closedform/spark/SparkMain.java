package dev.closedform.spark;

import dev.closedform.experiments.operator.OperatorSources;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.task.CsvTask;
import dev.closedform.experiments.task.FriedmanTask;
import dev.closedform.experiments.task.OperatorTask;
import dev.closedform.experiments.task.RegressionTask;
import dev.closedform.model.Activation;
import dev.closedform.model.Mlp;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit --class dev.closedform.spark.SparkMain} entry: trains one task on the
 * cluster spark-submit names (or {@code --master}) and writes the run directory on the driver.
 *
 * <pre>
 *   --task friedman|burgers|csv   --data FILE.csv --target NAME (csv)   --n-train N --n-test N --grid S (burgers)
 *   --method cf-prox --epochs 20 --batch 32 --lr 0.01 --ridge 1e-3 --prox 1 --shard-rows 0 --seed 1
 *   --hidden 64,64 (MLP tasks)   --workers W (default: all task slots)   --out DIR   --master URL
 * </pre>
 */
public final class SparkMain {

    private static final List<String> OPTIONS = List.of("task", "data", "target", "n-train", "n-test", "grid", "method",
            "epochs", "batch", "lr", "ridge", "prox", "shard-rows", "seed", "hidden", "workers", "out", "master");

    private SparkMain() {}

    public static void main(String[] args) throws IOException {
        try {
            run(parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("closedform-spark: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(Map<String, String> o) throws IOException {
        String taskName = o.getOrDefault("task", "friedman");
        RegressionTask task;
        BackboneFactory backbone;
        switch (taskName) {
            case "friedman" -> {
                task = new FriedmanTask(integer(o, "n-train", FriedmanTask.DEFAULT_TRAIN_ROWS),
                        integer(o, "n-test", FriedmanTask.DEFAULT_TEST_ROWS), 1.0, true);
                backbone = BackboneFactory.mlp(10, Mlp.parseHidden(o.getOrDefault("hidden", "64,64")), Activation.RELU);
            }
            case "csv" -> {
                if (!o.containsKey("data") || !o.containsKey("target")) {
                    throw new IllegalArgumentException("--task csv needs --data FILE.csv and --target COLUMN");
                }
                task = new CsvTask(Path.of(o.get("data")), List.of(o.get("target")), null, 0.2, true);
                int inputs = task.prepare(1).train().inputDim();
                backbone = BackboneFactory.mlp(inputs, Mlp.parseHidden(o.getOrDefault("hidden", "64,64")), Activation.RELU);
            }
            case "burgers" -> {
                int grid = integer(o, "grid", 1024);
                task = OperatorTask.oneD("burgers", OperatorSources.burgers(grid), null, integer(o, "n-train", 1000),
                        integer(o, "n-test", 200), 1);
                backbone = BackboneFactory.fno1d(grid, 64, 16, 4, 128);
            }
            default -> throw new IllegalArgumentException("--task: unknown task '" + taskName + "'; expected friedman, burgers or csv");
        }
        TrainingConfig.Builder config = TrainingConfig.builder().setMethod(o.getOrDefault("method", "cf-prox"))
                .optEpochs(integer(o, "epochs", 20)).optBatchSize(integer(o, "batch", 32))
                .optRidge(number(o, "ridge", 1e-3)).optProx(number(o, "prox", 1.0))
                .optShardRows(integer(o, "shard-rows", 0)).optSeed(integer(o, "seed", 1));
        if (o.containsKey("lr")) {
            config.optLearningRate(number(o, "lr", 0));
        }
        SparkSession session = o.containsKey("master") ? SparkSessions.create(o.get("master"), "closedform")
                : SparkSession.builder().config(SparkSessions.withOfflineDjl(new org.apache.spark.SparkConf())).getOrCreate();
        try {
            SparkTrainer.Builder trainer = SparkTrainer.builder().setSession(session).setTask(task).setBackbone(backbone)
                    .setConfig(config.build()).optWorkers(integer(o, "workers", 0));
            if (o.containsKey("out")) {
                trainer.optRunDirectory(new RunDirectory(Path.of(o.get("out"))));
            }
            SparkResult r = trainer.build().fit();
            TrainingResult result = r.result();
            System.out.printf(Locale.ROOT, "%s on %d workers: %s %.6g, train loss %.6g after %d steps (%d attempt(s), %.0f bytes sent per worker per step)%n",
                    result.method(), r.workers().size(), result.metricName(), result.finalTestMetric(), result.finalTrainLoss(),
                    result.last().steps(), r.attempts(), r.bytesPerStep());
        } finally {
            session.stop();
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !OPTIONS.contains(a.substring(2))) {
                throw new IllegalArgumentException("unknown option '" + a + "'; options: --" + String.join(", --", OPTIONS));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            o.put(a.substring(2), args[++i]);
        }
        return o;
    }

    private static int integer(Map<String, String> o, String name, int fallback) {
        String v = o.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": not a whole number: '" + v + "'");
        }
    }

    private static double number(Map<String, String> o, String name, double fallback) {
        String v = o.get(name);
        try {
            return v == null ? fallback : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": not a number: '" + v + "'");
        }
    }
}
