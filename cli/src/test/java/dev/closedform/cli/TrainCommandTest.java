package dev.closedform.cli;

import dev.closedform.testing.Oracles;
import dev.closedform.experiments.run.Provenance;
import dev.closedform.experiments.run.RunDirectory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.closedform.data.NpyArray;
import dev.closedform.data.Npz;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code closedform train}: the run-directory contract, exactness of the linear case, interchange, resume. */
class TrainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Tiny Friedman #1 training (10 inputs, MLP 10-16, one output), 2 epochs unless {@code extra} says otherwise. */
    private static List<String> tinyFriedman(String method, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--method", method, "--train-rows", "256", "--test-rows", "128",
                "--hidden", "16", "--seed", "7", "--out", out.toString()));
        if (!Arrays.asList(extra).contains("--epochs")) {
            args.addAll(List.of("--epochs", "2"));
        }
        args.addAll(Arrays.asList(extra));
        return args;
    }

    private static Cli.Result ok(List<String> args) {
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.transcript());
        return r;
    }

    private static JsonNode runJson(Path dir) throws IOException {
        return JSON.readTree(dir.resolve("run.json").toFile());
    }

    /** metrics.csv rows (header excluded) as numbers. */
    private static List<double[]> metricRows(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
        }
        return rows;
    }

    private static void assertRelClose(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(expected - actual) <= rel * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual + " (relative error " + Math.abs(expected - actual) / Math.abs(expected) + ")");
    }

    @Test
    void theInitialHeadReachesTheRunRecord() throws IOException {
        ok(tinyFriedman("cf-prox", tmp.resolve("proximal"), "--initial-head", "proximal"));
        assertEquals("proximal", runJson(tmp.resolve("proximal")).get("config").path("initialHead").asText());
        ok(tinyFriedman("cf-prox", tmp.resolve("ridge"), "--initial-head", "ridge"));
        assertFalse(runJson(tmp.resolve("ridge")).get("config").has("initialHead"), "the start every earlier record had");
    }

    @Test
    void trainWritesTheRunDirectoryContract() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = ok(tinyFriedman("cf-prox", out, "--lr", "0.02", "--ridge", "0.003", "--prox", "0.5", "--batch-size", "64"));
        assertTrue(r.out().contains("wrote " + out.resolve("run.json")), r.transcript());

        JsonNode run = runJson(out);
        JsonNode config = run.get("config");
        assertEquals("cf-prox", config.get("method").asText());
        assertEquals(2, config.get("epochs").asInt());
        assertEquals(64, config.get("batchSize").asInt());
        assertEquals(0.02, config.get("learningRate").asDouble());
        assertEquals(0.003, config.get("ridge").asDouble());
        assertEquals(0.5, config.get("prox").asDouble());
        assertEquals(7, config.get("seed").asLong());
        assertEquals("friedman", run.get("task").asText());

        JsonNode prov = run.get("provenance");
        for (String key : List.of("closedform", "djl", "java")) {
            assertTrue(prov.hasNonNull(key) && !prov.get(key).asText().isBlank(), "provenance." + key + " in " + prov);
        }
        assertFalse(prov.get("closedform").asText().contains("${"), "version resource not filtered: " + prov);
        assertEquals(System.getProperty("java.version"), prov.get("java").asText());
        assertEquals("0.36.0", prov.get("djl").asText());

        // metrics.csv: header, one row per epoch, steps = ceil(256 / 64) per epoch
        List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("epoch,steps,train_loss,test_mse,wall_seconds,head_seconds", lines.get(0));
        List<double[]> rows = metricRows(out);
        assertEquals(2, rows.size());
        for (int e = 0; e < 2; e++) {
            assertEquals(e + 1, rows.get(e)[0]);
            assertEquals(4.0 * (e + 1), rows.get(e)[1]);
            assertTrue(Double.isFinite(rows.get(e)[2]) && Double.isFinite(rows.get(e)[3]));
        }
        JsonNode result = run.get("result");
        assertRelClose(rows.get(1)[3], result.get("final_test_metric").asDouble(), 1e-9, "final_test_metric vs metrics.csv");
        assertRelClose(rows.get(1)[2], result.get("final_train_loss").asDouble(), 1e-9, "final_train_loss vs metrics.csv");
        assertEquals(8, result.get("steps").asLong());
        assertEquals(2, result.get("epochs").asInt());

        // model.npz: head.W (outputs x features+1) and every backbone parameter of the 10-16 MLP
        Map<String, NpyArray> npz = Npz.read(out.resolve("model.npz"));
        NpyArray w = npz.get("head.W");
        assertNotNull(w, "head.W in " + npz.keySet());
        assertArrayEquals(new long[] {1, 17}, w.shape());
        long backboneSize = 0;
        List<String> shapes = new ArrayList<>();
        for (var e : npz.entrySet()) {
            if (e.getKey().startsWith("backbone.")) {
                backboneSize += e.getValue().size();
                shapes.add(Arrays.toString(e.getValue().shape()));
            }
        }
        assertTrue(shapes.contains("[16, 10]") && shapes.contains("[16]"), "backbone shapes " + shapes);
        assertEquals(16 * 10 + 16, backboneSize);
        assertEquals(backboneSize + w.size(), run.get("model").get("parameters").asLong());
        assertFalse(npz.keySet().stream().anyMatch(k -> k.startsWith("standardizer.")), npz.keySet().toString());
        assertTrue(Arrays.stream(w.toDoubleArray()).allMatch(Double::isFinite));
    }

    @Test
    void standardizeSavesTheStandardizer() throws IOException {
        Path out = tmp.resolve("std");
        ok(tinyFriedman("sgd", out, "--standardize"));
        assertTrue(runJson(out).get("data").get("standardized").asBoolean());
        Map<String, NpyArray> npz = Npz.read(out.resolve("model.npz"));
        assertArrayEquals(new long[] {10}, npz.get("standardizer.input_mean").shape());
        assertArrayEquals(new long[] {10}, npz.get("standardizer.input_std").shape());
        assertArrayEquals(new long[] {1}, npz.get("standardizer.target_mean").shape());
        assertArrayEquals(new long[] {1}, npz.get("standardizer.target_std").shape());
        // Friedman inputs are U(0, 1): mean ~ 0.5, sd ~ 0.29
        for (double m : npz.get("standardizer.input_mean").toDoubleArray()) {
            assertEquals(0.5, m, 0.1);
        }
        for (double s : npz.get("standardizer.input_std").toDoubleArray()) {
            assertEquals(Math.sqrt(1 / 12.0), s, 0.05);
        }
        // the metric stays in original units: an MSE of order of the target variance (~25), not ~1
        double mse = runJson(out).get("result").get("final_test_metric").asDouble();
        assertTrue(mse > 1.5, "test_mse " + mse + " looks standardised");
    }

    // ------------------------------------------------------------------ exactness of the linear case

    /** Rows of [x1, x2, x3, y] with y = 1.5 x1 - 2 x2 + 0.5 x3 + 3 + 0.5 N(0,1), every value a float32. */
    private static float[][] linearRows(int n, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[n][4];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                rows[i][j] = (float) (4 * random.nextDouble() - 2);
            }
            rows[i][3] = (float) (1.5 * rows[i][0] - 2 * rows[i][1] + 0.5 * rows[i][2] + 3 + 0.5 * random.nextGaussian());
        }
        return rows;
    }

    /** Writes the rows so that parsing gives back exactly the same float32 values. */
    private static void writeCsv(Path file, float[][] rows) throws IOException {
        StringBuilder sb = new StringBuilder("x1,x2,x3,y\n");
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                sb.append(j == 0 ? "" : ",").append(new BigDecimal(Float.toString(row[j])).toPlainString());
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void cfFullWithoutHiddenLayersIsRidgeRegression() throws IOException {
        float[][] train = linearRows(300, 11);
        float[][] test = linearRows(120, 12);
        Path trainCsv = tmp.resolve("train.csv");
        Path testCsv = tmp.resolve("test.csv");
        writeCsv(trainCsv, train);
        writeCsv(testCsv, test);
        double beta = 1e-3;
        Path out = tmp.resolve("ridge");
        ok(List.of("train", "--data", trainCsv.toString(), "--test", testCsv.toString(), "--method", "cf-full",
                "--hidden", "none", "--ridge", "1e-3", "--epochs", "2", "--out", out.toString()));

        double[][] design = new double[train.length][]; // [x, 1]
        double[] target = new double[train.length];
        for (int i = 0; i < train.length; i++) {
            design[i] = new double[] {train[i][0], train[i][1], train[i][2], 1.0};
            target[i] = train[i][3];
        }
        double[] expected = Oracles.ridge(design, target, beta);
        NpyArray w = Npz.read(out.resolve("model.npz")).get("head.W");
        assertArrayEquals(new long[] {1, 4}, w.shape(), "(outputs, features + 1)");
        double[] actual = w.toDoubleArray();
        double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
        for (int j = 0; j < 4; j++) {
            assertEquals(expected[j], actual[j], 1e-5 * scale, "W[0," + j + "]; expected " + Arrays.toString(expected)
                    + ", got " + Arrays.toString(actual));
        }
        // sanity of the independent solve itself: close to the generating coefficients
        assertArrayEquals(new double[] {1.5, -2, 0.5, 3}, expected, 0.15);

        double sse = 0;
        for (float[] row : test) {
            double p = expected[0] * row[0] + expected[1] * row[1] + expected[2] * row[2] + expected[3];
            sse += (p - row[3]) * (p - row[3]);
        }
        double mse = sse / test.length;
        JsonNode result = runJson(out).get("result");
        assertRelClose(mse, result.get("final_test_metric").asDouble(), 1e-5, "test MSE of the ridge solution");
        assertEquals(3, runJson(out).get("data").get("inputs").asInt());
        assertEquals(120, runJson(out).get("data").get("test_rows").asInt());
    }

    // ------------------------------------------------------------------ interchange with NumPy

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void numpyLoadsModelNpz() throws Exception {
        Assumptions.assumeTrue(numpyAvailable(), "numpy not available: skipped");
        Path out = tmp.resolve("np");
        ok(tinyFriedman("cf-ridge", out));
        Process p = new ProcessBuilder("python3", "-c",
                "import sys, numpy as np\n"
                        + "z = np.load(sys.argv[1])\n"
                        + "w = z['head.W']\n"
                        + "print(w.shape, w.dtype, bool(np.isfinite(w).all()), len(z.files))",
                out.resolve("model.npz").toString()).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), printed);
        Map<String, NpyArray> java = Npz.read(out.resolve("model.npz"));
        assertTrue(printed.startsWith("(1, 17) "), printed);
        assertTrue(printed.endsWith(" True " + java.size()), printed);
    }

    // ------------------------------------------------------------------ resume

    @Test
    void resumingAFinishedRunAddsNoEpochs() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        List<String> argsA = tinyFriedman("cf-prox", a, "--epochs", "4");
        ok(argsA);
        ok(tinyFriedman("cf-prox", b, "--epochs", "4"));
        String metricsB = Files.readString(b.resolve("metrics.csv"));
        double[] headB = Npz.read(b.resolve("model.npz")).get("head.W").toDoubleArray();
        assertTrue(Files.isRegularFile(b.resolve("checkpoint.npz")), "checkpoint kept for --resume");

        List<String> resume = new ArrayList<>(tinyFriedman("cf-prox", b, "--epochs", "4"));
        resume.add("--resume");
        ok(resume);
        assertEquals(metricsB, Files.readString(b.resolve("metrics.csv")), "a finished run resumes to the same metrics");
        assertArrayEquals(headB, Npz.read(b.resolve("model.npz")).get("head.W").toDoubleArray());
        assertEquals(4, runJson(b).get("result").get("epochs").asInt());
        assertEquals(32, runJson(b).get("result").get("steps").asLong());

        // the same seed and options in another directory give the same curve (wall time aside)
        List<double[]> rowsA = metricRows(a);
        List<double[]> rowsB = metricRows(b);
        assertEquals(4, rowsA.size());
        for (int e = 0; e < 4; e++) {
            assertArrayEquals(Arrays.copyOf(rowsA.get(e), 4), Arrays.copyOf(rowsB.get(e), 4), 1e-6 * (1 + Math.abs(rowsA.get(e)[2])),
                    "epoch " + (e + 1));
        }
    }
}
