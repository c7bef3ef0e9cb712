package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.Npy;
import dev.closedform.data.NpyArray;
import dev.closedform.data.Npz;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and failed runs end with one line that names the culprit and no Java class name: exit
 * code 2 for bad options or data, 1 for a run that diverged.
 */
class BadInputCliTest {

    private static final Pattern CLASS_NAME = Pattern.compile("[A-Z]\\w*(Exception|Error)\\b|\\bjava\\.");

    @TempDir
    Path tmp;

    /** The command's last line on standard error, after checking the exit code and that no class name appears. */
    private static String failure(int exitCode, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(exitCode, r.exitCode(), r.transcript());
        assertFalse(CLASS_NAME.matcher(r.err()).find(), "a Java class name: " + r.transcript());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("closedform: ")).toList();
        assertEquals(1, lines.size(), r.transcript());
        return lines.get(0);
    }

    private List<String> train(Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--method", "cf-prox", "--data", data.toString(), "--epochs", "1",
                "--hidden", "8", "--out", tmp.resolve("out").toString()));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    private Path csv(String name, int rows) throws IOException {
        StringBuilder s = new StringBuilder("a,b,y\n");
        for (int i = 0; i < rows; i++) {
            s.append(i % 7).append(',').append(i % 5).append(',').append(i % 3).append('\n');
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, s);
        return p;
    }

    @Test
    void aOneColumnCsv() throws IOException {
        Path p = tmp.resolve("one.csv");
        Files.writeString(p, "y\n1\n2\n3\n4\n5\n");
        String line = failure(2, train(p).toArray(String[]::new));
        assertTrue(line.contains(p.toString()) && line.contains("no input column") && line.contains("'y'"), line);
    }

    @Test
    void aTruncatedCsvGz() throws IOException {
        Path whole = tmp.resolve("whole.csv.gz");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(whole))) {
            os.write(Files.readAllBytes(csv("t.csv", 30000)));
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.csv.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        String line = failure(2, train(cut).toArray(String[]::new));
        assertTrue(line.contains(cut.toString()) && line.contains("truncated"), line);
    }

    @Test
    void aNpzFullOfNanNamesFileAndArray() throws IOException {
        Path p = tmp.resolve("nan.npz");
        double[] a = new double[4 * 64];
        double[] u = new double[4 * 64];
        Arrays.fill(u, Double.NaN);
        Npz.write(p, Map.of("a", NpyArray.of(a, 4, 8, 8), "u", NpyArray.of(u, 4, 8, 8)));
        String line = failure(2, "train", "--task", "darcy", "--method", "adam", "--data", p.toString(), "--n-train", "2",
                "--n-test", "1", "--epochs", "1", "--out", tmp.resolve("out").toString());
        assertTrue(line.contains(p.toString()) && line.contains("array 'u'") && line.contains("NaN"), line);
    }

    @Test
    void operatorFieldsWithoutTaskAreNotReadAsCsv() throws IOException {
        Path p = tmp.resolve("fields.npz");
        Npz.write(p, Map.of("a", NpyArray.of(new double[4 * 64], 4, 8, 8), "u", NpyArray.of(new double[4 * 64], 4, 8, 8)));
        String line = failure(2, train(p).toArray(String[]::new));
        assertTrue(line.contains(p.toString()) && line.contains("'a' and 'u'"), line);
    }

    @Test
    void aNpyTableTrains() throws IOException {
        Path p = tmp.resolve("table.npy");
        double[] rows = new double[64 * 3];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (i * 37 % 11) / 11.0;
        }
        Npy.write(p, NpyArray.of(rows, 64, 3));
        Cli.Result r = Cli.run(train(p).toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.transcript());
    }

    @Test
    void aSingularSystemNamesRidgeAndProx() throws IOException {
        // 51 training rows in batches of 24, 9 features with the bias: the first (ridge) solve is full rank, the last batch (3 rows) is not
        String line = failure(2, train(csv("s.csv", 64), "--ridge", "0", "--prox", "0", "--batch-size", "24",
                "--activation", "tanh", "--lr", "1e-4").toArray(String[]::new));
        assertTrue(line.contains("--ridge") && line.contains("--prox") && line.contains("singular"), line);
    }

    @Test
    void divergenceSaysLowerTheLearningRate() throws IOException {
        String line = failure(1, "train", "--method", "cf-prox", "--lr", "1e6", "--epochs", "2", "--train-rows", "256",
                "--test-rows", "64", "--out", tmp.resolve("out").toString());
        // in its first epoch cf-prox also names the steadier start
        assertTrue(line.matches("closedform: diverged at epoch 1, step \\d+: .*lower --lr or start from --initial-head proximal"), line);
    }

    @Test
    void textColumnsAndRowNamesAsRWritesThem() throws IOException {
        Path p = tmp.resolve("r.csv");
        StringBuilder s = new StringBuilder("\"\",\"x\",\"grp\",\"y\"\n");
        for (int i = 1; i <= 64; i++) {
            s.append('"').append(i).append("\",").append(i % 9 / 9.0).append(",\"g ").append(i % 3).append("\",")
                    .append(i % 4).append('\n');
        }
        Files.writeString(p, s, StandardCharsets.UTF_8);
        Cli.Result r = Cli.run(train(p, "--target", "y").toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.transcript());
    }
}
