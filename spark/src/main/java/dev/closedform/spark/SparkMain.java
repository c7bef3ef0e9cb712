package dev.closedform.spark;

import dev.closedform.experiments.model.ModelSpec;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.experiments.task.TaskDefinition;
import dev.closedform.experiments.task.TaskKind;
import dev.closedform.experiments.task.TaskOptions;
import dev.closedform.experiments.task.Tasks;
import dev.closedform.train.InitialHead;
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
 * cluster spark-submit names (or {@code --master}) and writes the run directory on the driver. Task,
 * model and training defaults are those of {@code closedform train} (the task registry's sizes, epochs,
 * batch size and learning rates, the command line's MLP), so a run here is the run {@code train --spark}
 * makes with the same options.
 *
 * <pre>
 *   --task friedman|csv|burgers|heat1d   --data FILE.csv --target NAME (csv)   --standardize true|false (tabular)
 *   --n-train N --n-test N (rows or samples)   --grid S (operator points)
 *   --method cf-prox --epochs E --batch B --lr R --ridge 1e-3 --prox 1 --initial-head ridge|proximal --shard-rows 0 --seed 1
 *   --hidden 256,256 (MLP tasks)   --workers W (default: all task slots)   --out DIR   --master URL
 * </pre>
 */
public final class SparkMain {

    private static final List<String> OPTIONS = List.of("task", "data", "target", "standardize", "n-train", "n-test", "grid",
            "method", "epochs", "batch", "lr", "ridge", "prox", "initial-head", "shard-rows", "seed", "hidden", "workers", "out", "master");

    private SparkMain() {}

    /** What a command line trains: the task's data, its model as a factory executors can build, the configuration. */
    record Plan(PreparedData data, BackboneFactory backbone, TrainingConfig config) {}

    public static void main(String[] args) throws IOException {
        try {
            run(parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("closedform-spark: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0); // a barrier job leaves Spark's non-daemon barrier timer thread behind, which keeps the JVM alive
    }

    static void run(Map<String, String> o) throws IOException {
        Plan plan = plan(o);
        SparkSession session = o.containsKey("master") ? SparkSessions.create(o.get("master"), "closedform")
                : SparkSession.builder().config(SparkSessions.withOfflineDjl(new org.apache.spark.SparkConf())).getOrCreate();
        try {
            SparkTrainer.Builder trainer = SparkTrainer.builder().setSession(session).setData(plan.data()).setBackbone(plan.backbone())
                    .setConfig(plan.config()).optWorkers(integer(o, "workers", 0));
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

    /** The task from the registry with the given sizes, the command line's model, and the task's training defaults. */
    static Plan plan(Map<String, String> o) {
        TaskDefinition definition = Tasks.get(o.getOrDefault("task", "friedman"));
        TrainingConfig config = config(o, definition);
        boolean operator = definition.kind() == TaskKind.OPERATOR;
        for (String option : operator ? List.of("data", "target", "standardize", "hidden") : List.of("grid")) {
            if (o.containsKey(option)) {
                throw new IllegalArgumentException("--" + option + " does not apply to the " + definition.kind().name().toLowerCase(Locale.ROOT)
                        + " task " + definition.name());
            }
        }
        TaskOptions.Builder options = TaskOptions.builder();
        if (o.containsKey("data")) {
            options.optData(Path.of(o.get("data")));
        }
        if (o.containsKey("target")) {
            options.optTargets(List.of(o.get("target")));
        }
        if (o.containsKey("standardize")) {
            options.optStandardize(bool(o, "standardize"));
        }
        Integer train = given(o, "n-train");
        Integer test = given(o, "n-test");
        if (operator) {
            options.optNTrain(train).optNTest(test).optResolution(given(o, "grid"));
        } else {
            options.optTrainRows(train).optTestRows(test);
        }
        PreparedData data = definition.create(options.build()).prepare(config.seed());
        ModelSpec model = o.containsKey("hidden") ? ModelSpec.builder().optHidden(o.get("hidden")).build() : ModelSpec.defaults();
        return new Plan(data, SparkBackend.backboneFactory(model, data), config);
    }

    /** {@code train}'s configuration: the task's epochs, batch size and learning rate unless given. */
    static TrainingConfig config(Map<String, String> o, TaskDefinition task) {
        TrainingConfig.Builder config = TrainingConfig.builder(task.training()).setMethod(o.getOrDefault("method", "cf-prox"))
                .optShardRows(integer(o, "shard-rows", 0)).optSeed(integer(o, "seed", 1));
        // unset options keep the builder's and the task's defaults, as in train
        if (o.containsKey("epochs")) {
            config.optEpochs(given(o, "epochs"));
        }
        if (o.containsKey("batch")) {
            config.optBatchSize(given(o, "batch"));
        }
        if (o.containsKey("lr")) {
            config.optLearningRate(number(o, "lr", 0));
        }
        if (o.containsKey("ridge")) {
            config.optRidge(number(o, "ridge", 0));
        }
        if (o.containsKey("prox")) {
            config.optProx(number(o, "prox", 0));
        }
        if (o.containsKey("initial-head")) {
            try {
                config.optInitialHead(InitialHead.parse(o.get("initial-head")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--initial-head: " + e.getMessage());
            }
        }
        return config.build();
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

    /** The whole number given for {@code --name}, or null when the option is absent. */
    private static Integer given(Map<String, String> o, String name) {
        return o.containsKey(name) ? integer(o, name, 0) : null;
    }

    private static boolean bool(Map<String, String> o, String name) {
        String v = o.get(name).trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--" + name + ": expected true or false, got '" + o.get(name) + "'");
        }
        return v.equals("true");
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
