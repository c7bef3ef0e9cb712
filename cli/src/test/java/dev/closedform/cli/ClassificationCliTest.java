package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closedform.data.Idx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}/{@code compare} on image tasks, from IDX fixture files the test writes. */
class ClassificationCliTest {

    @TempDir
    Path tmp;

    /** 3 classes told apart by a bright band of rows at a class-specific height, in noise. */
    Path writeMnistLike(int train, int test) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Random r = new Random(3);
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? train : test;
            byte[] px = new byte[n * 784];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int label = r.nextInt(3);
                labels[i] = (byte) label;
                for (int j = 0; j < 784; j++) {
                    int row = j / 28;
                    int v = r.nextInt(60) + (row / 9 == label ? 150 : 0);
                    px[i * 784 + j] = (byte) v;
                }
            }
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), Idx.encode(new int[] {n, 28, 28}, px));
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), Idx.encode(new int[] {n}, labels));
        }
        return dir;
    }

    @Test
    void trainCnnOnMnistFolderWritesAccuracy() throws IOException {
        Path data = writeMnistLike(256, 64);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--task", "mnist", "--data", data.toString(), "--model", "cnn", "--method", "cf-prox",
                "--epochs", "2", "--batch-size", "32", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("epoch,steps,train_loss,test_accuracy,wall_seconds,test_sq_loss,head_seconds", lines.get(0));
        double acc = Double.parseDouble(lines.get(2).split(",")[3]);
        assertTrue(acc > 0.9, "accuracy " + acc);
        // the squared loss on the one-hot test targets: 10 outputs, a trained model is well below predicting 0 (loss 1)
        double sq = Double.parseDouble(lines.get(2).split(",")[5]);
        assertTrue(sq > 0 && sq < 0.5, "test_sq_loss " + sq);
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals(sq, run.path("result").path("final_test_sq_loss").asDouble(), 1e-9 * sq);
        assertEquals("cnn", run.path("model").path("model").asText());
        assertEquals(10, run.path("model").path("outputs").asInt());
        assertTrue(run.path("model").path("backbone").asText().startsWith("cnn"), run.toString());
    }

    @Test
    void compareReportsAccuracyAsHigherIsBetter() throws IOException {
        Path data = writeMnistLike(128, 32);
        Path out = tmp.resolve("cmp");
        Cli.Result r = Cli.run("compare", "--task", "mnist", "--data", data.toString(), "--hidden", "32", "--methods", "sgd,ce",
                "--seeds", "1", "--epochs", "1", "--batch-size", "32", "--lr", "0.05", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.path("higher_is_better").asBoolean(), summary.toString());
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("higher is better"), report);
        // the test squared loss is recorded per run and aggregated per method, and has a column in the table
        for (JsonNode run : summary.path("runs")) {
            assertTrue(run.path("final_test_sq_loss").isDouble(), run.toString());
        }
        for (JsonNode method : summary.path("methods")) {
            assertTrue(method.path("mean_test_sq_loss").isDouble() && method.path("std_test_sq_loss").isDouble(), method.toString());
        }
        assertTrue(report.contains("| test_sq_loss mean ± std |"), report);
    }

    @Test
    void badClassificationOptionsExitWithUsageErrors() throws IOException {
        Cli.Result r = Cli.run("train", "--method", "sgd", "--model", "cnn", "--epochs", "1", "--out", tmp.resolve("a").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.transcript().contains("--model cnn needs an image task"), r.transcript());
        r = Cli.run("train", "--task", "mnist", "--method", "sgd", "--out", tmp.resolve("b").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.transcript().contains("--data"), r.transcript());
        r = Cli.run("train", "--task", "fashion-mnist", "--data", tmp.toString(), "--class-weight", "2", "--method", "cf-prox",
                "--out", tmp.resolve("c").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.transcript().contains("--class-weight"), r.transcript());
        Path data = writeMnistLike(8, 4);
        r = Cli.run("train", "--task", "mnist", "--data", data.toString(), "--augment", "--method", "sgd", "--out", tmp.resolve("e").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.transcript().contains("--augment needs --model cnn or resnet"), r.transcript());
        Files.write(data.resolve("t10k-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});
        r = Cli.run("train", "--task", "mnist", "--data", data.toString(), "--method", "sgd", "--out", tmp.resolve("d").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.transcript().contains("t10k-images-idx3-ubyte") && r.transcript().contains("truncated"), r.transcript());
    }
}
