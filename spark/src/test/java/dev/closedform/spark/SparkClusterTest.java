package dev.closedform.spark;

import dev.closedform.experiments.task.FriedmanTask;
import dev.closedform.experiments.task.PreparedData;
import dev.closedform.model.Activation;
import dev.closedform.train.TrainingConfig;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Separate executor JVMs: Spark's {@code local-cluster[2,1,1024]} starts a master and workers in
 * this JVM and one executor process per worker, so the two replicas talk over loopback sockets
 * between processes. Without a Spark distribution the executors get this JVM's classpath.
 */
class SparkClusterTest {

    @Test
    void twoExecutorJvmsEqualOneProcess() throws IOException {
        PreparedData data = new FriedmanTask(80, 40, 1.0, true).prepare(3);
        BackboneFactory mlp = BackboneFactory.mlp(10, new int[] {16}, Activation.TANH);
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(2).optBatchSize(20)
                .optLearningRate(0.05).optRidge(1e-3).optProx(0.5).optShardRows(10).optSeed(2).build();
        Replicas reference = SparkTrainerTest.reference(data, mlp, config, 1);
        SparkConf conf = SparkSessions.withOfflineDjl(new SparkConf().setMaster("local-cluster[2,1,1024]")
                .setAppName("closedform-cluster-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.extraClassPath", classpath())
                .set("spark.executor.extraJavaOptions", "-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"));
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            SparkResult r = SparkTrainer.builder().setSession(spark).optWorkers(2).setData(data).setBackbone(mlp)
                    .setConfig(config).build().fit();
            Replicas.assertSame(reference, new Replicas(r.head(), r.backbone(), r.result().epochs()), 1e-5);
            long driver = ProcessHandle.current().pid();
            assertNotEquals(r.workers().get(0).pid(), r.workers().get(1).pid(), "one executor JVM per worker");
            assertNotEquals(driver, r.workers().get(0).pid());
            assertNotEquals(driver, r.workers().get(1).pid());
        } finally {
            spark.stop();
        }
    }

    /** This JVM's classpath as files; Surefire's manifest-only jar is opened to its entries. */
    private static String classpath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("surefirebooter")) {
                try (JarFile jar = new JarFile(e)) {
                    for (String url : jar.getManifest().getMainAttributes().getValue("Class-Path").split(" ")) {
                        if (!url.isBlank()) {
                            entries.add(Path.of(URI.create(url)).toString());
                        }
                    }
                }
            } else {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
