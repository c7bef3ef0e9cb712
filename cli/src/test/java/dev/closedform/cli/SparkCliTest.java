package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closedform.experiments.run.RunDirectory;
import dev.closedform.train.EpochMetrics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --spark local[2]} trains the same run as one process with shards of half the batch. */
class SparkCliTest {

    @TempDir
    Path tmp;

    @Test
    void trainOnSparkEqualsOneProcessWithHalfBatchShards() throws Exception {
        String[] common = {"train", "--method", "cf-prox", "--epochs", "2", "--train-rows", "128", "--test-rows", "64",
            "--hidden", "16", "--batch-size", "32", "--quiet"};
        Cli.Result spark = Cli.run(concat(common, "--spark", "local[2]", "--out", tmp.resolve("spark").toString()));
        assertEquals(0, spark.exitCode(), spark.transcript());
        Cli.Result local = Cli.run(concat(common, "--shard-rows", "16", "--out", tmp.resolve("local").toString()));
        assertEquals(0, local.exitCode(), local.transcript());
        List<EpochMetrics> a = RunDirectory.readMetrics(tmp.resolve("spark/metrics.csv"));
        List<EpochMetrics> b = RunDirectory.readMetrics(tmp.resolve("local/metrics.csv"));
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(b.get(i).trainLoss(), a.get(i).trainLoss(), 1e-5 * Math.abs(b.get(i).trainLoss()), "epoch " + (i + 1));
            assertEquals(b.get(i).testMetric(), a.get(i).testMetric(), 1e-5 * Math.abs(b.get(i).testMetric()), "epoch " + (i + 1));
        }
        var run = new ObjectMapper().readTree(tmp.resolve("spark/run.json").toFile());
        assertEquals("local[2]", run.get("spark").get("master").asText());
        assertEquals("finished", run.get("status").asText());
        // the iv commands do not train on Spark, and say so
        Cli.Result iv = Cli.run("iv", "compare", "--spark", "local[2]", "--out", tmp.resolve("iv").toString());
        assertEquals(Main.USAGE, iv.exitCode(), iv.transcript());
        assertTrue(iv.err().contains("--spark"), iv.transcript());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
