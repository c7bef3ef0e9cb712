package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.pde.PdeDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {

    @Test
    void burgersWritesNpzAndSecondRunHitsTheCache(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out/b.npz");
        Cli.Result r = Cli.run("data", "burgers", "--n", "3", "--resolution", "64", "--seed", "4", "--cache",
                dir.resolve("cache").toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        PdeDataset d = PdeDataset.read(out);
        assertEquals(3, d.samples());
        assertArrayEquals(new int[] {64}, d.shape());
        Cli.Result again = Cli.run("data", "burgers", "--n", "3", "--resolution", "64", "--seed", "4", "--cache",
                dir.resolve("cache").toString());
        assertEquals(0, again.exitCode(), again.transcript());
        assertTrue(again.out().contains("cache hit"), again.transcript());
        Cli.Result other = Cli.run("data", "burgers", "--n", "3", "--resolution", "64", "--seed", "5", "--cache",
                dir.resolve("cache").toString());
        assertTrue(other.out().contains("cached:"), other.transcript());
    }

    @Test
    void darcyTimedRunWritesTheGrid(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("d.npz");
        Cli.Result r = Cli.run("data", "darcy", "--n", "2", "--resolution", "17", "--time", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("samples/s"), r.transcript());
        PdeDataset d = PdeDataset.read(out);
        assertArrayEquals(new int[] {17, 17}, d.shape());
        assertEquals(17, d.y().length);
        assertTrue(Files.size(out) > 2 * 2 * 17 * 17 * 8);
    }

    @Test
    void badArgumentsExitWithUsage() {
        assertEquals(Main.USAGE, Cli.run("data", "heat", "--n", "2").exitCode());
        assertEquals(Main.USAGE, Cli.run("data", "burgers", "--n", "2", "--resolution", "100", "--no-cache").exitCode());
        assertEquals(Main.USAGE, Cli.run("data", "burgers", "--n", "0").exitCode());
    }
}
