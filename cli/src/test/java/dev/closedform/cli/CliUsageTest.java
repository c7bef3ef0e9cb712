package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad arguments and bad data end with exit code 2 and one line on stderr; help is complete. */
class CliUsageTest {

    @TempDir
    Path tmp;

    /** A tiny friedman train command writing to tmp/out, followed by {@code extra}. */
    private String[] train(String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--method", "sgd", "--train-rows", "64", "--test-rows", "32",
                "--hidden", "8", "--epochs", "1", "--out", tmp.resolve("out").toString()));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    /** A tiny train command on a table of the user's ({@code --data} among {@code extra}). */
    private String[] trainTable(String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--method", "sgd", "--hidden", "8", "--epochs", "1", "--out",
                tmp.resolve("out").toString()));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    /** Exit code 2, nothing on stdout that looks like a result, exactly one non-empty line on stderr; returns it. */
    private static String usageError(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(Main.USAGE, r.exitCode(), r.transcript());
        String err = r.err().strip();
        assertFalse(err.isEmpty(), r.transcript());
        assertEquals(1, err.lines().count(), "expected a one-line message:\n" + r.transcript());
        assertTrue(err.startsWith("closedform: "), r.transcript());
        assertFalse(r.out().contains("wrote"), r.transcript());
        return err;
    }

    @Test
    void unknownMethod() {
        String[] args = train();
        args[2] = "sgdd";
        String msg = usageError(args);
        assertTrue(msg.contains("sgdd"), msg);
    }

    @Test
    void negativeProx() {
        String msg = usageError(train("--prox", "-0.5"));
        assertTrue(msg.contains("prox") && msg.contains("-0.5"), msg);
    }

    @Test
    void unknownInitialHead() {
        String msg = usageError(train("--initial-head", "zero"));
        assertEquals("closedform: --initial-head: unknown initial head 'zero'; expected one of ridge, proximal", msg);
    }

    @Test
    void zeroBatchSize() {
        String msg = usageError(train("--batch-size", "0"));
        assertTrue(msg.contains("--batch-size") && msg.contains("0"), msg);
    }

    @Test
    void missingDataFile() {
        Path missing = tmp.resolve("nope.csv");
        String msg = usageError(trainTable("--data", missing.toString()));
        assertTrue(msg.contains("--data") && msg.contains("nope.csv"), msg);
    }

    @Test
    void unwritableOutNamesTheOption() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String[] args = train();
        args[args.length - 1] = file.resolve("sub").toString(); // --out under a plain file
        String msg = usageError(args);
        assertTrue(msg.contains("--out") && msg.contains("a-file"), msg);
        args[args.length - 1] = file.toString(); // --out is a file
        msg = usageError(args);
        assertTrue(msg.contains("--out") && msg.contains("is a file"), msg);
    }

    @Test
    void unknownTask() {
        String msg = usageError(train("--task", "mnist42"));
        assertTrue(msg.contains("mnist42"), msg);
    }

    @Test
    void malformedCsvNamesFileRowAndColumn() throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "x1,x2,y\n1,2,3\n4,abc,6\n7,8,9\n");
        String msg = usageError(trainTable("--data", csv.toString()));
        assertTrue(msg.contains("bad.csv"), msg);
        assertTrue(msg.contains("line 3"), "1-based line of the bad row: " + msg);
        assertTrue(msg.contains("x2") && msg.contains("index 1"), "column name and index: " + msg);
        assertTrue(msg.contains("abc"), msg);
    }

    @Test
    void unknownOption() {
        String msg = usageError(train("--no-such-option"));
        assertTrue(msg.contains("--no-such-option"), msg);
    }

    @Test
    void missingRequiredOption() {
        String msg = usageError("train", "--method", "sgd");
        assertTrue(msg.contains("--out"), msg);
    }

    @Test
    void unknownSubcommand() {
        usageError("trian");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "train", "compare", "landscape", "bench"})
    void helpOfEveryCommandHasExamples(String command) {
        String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("Usage:"), r.transcript());
        assertTrue(r.out().contains("Examples"), r.transcript());
        assertTrue(r.err().isBlank(), r.transcript());
    }

    @Test
    void helpSubcommandPrintsSubcommandHelp() {
        Cli.Result r = Cli.run("help", "train");
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("--method") && r.out().contains("Examples"), r.transcript());
    }
}
