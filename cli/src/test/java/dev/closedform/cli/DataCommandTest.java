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
        Cli.Result field = Cli.run("data", "burgers", "--n", "3", "--resolution", "64", "--seed", "4", "--tau", "7",
                "--cache", dir.resolve("cache").toString());
        assertTrue(field.out().contains("cached:") && field.out().contains("tau=7.0"), field.transcript());
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
        assertEquals(Main.USAGE, Cli.run("data", "darcy", "--n", "1", "--sigma", "2", "--no-cache").exitCode());
        assertEquals(Main.USAGE, Cli.run("data", "burgers", "--n", "1", "--tau", "-1", "--no-cache").exitCode());
    }

    @Test
    void convertsAMatFileWithSub(@TempDir Path dir) throws Exception {
        // a minimal level-5 MAT-file: variables a and u (2 x 8 doubles), uncompressed
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] text = java.util.Arrays.copyOf("MATLAB 5.0 MAT-file, test".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 116);
        b.put(text).put(new byte[8]).put(new byte[] {0, 1, 'I', 'M'});
        for (String name : new String[] {"a", "u"}) {
            b.putInt(14).putInt(16 + 16 + 8 + 8 + 16 * 8);
            b.putInt(6).putInt(8).putInt(6).putInt(0);
            b.putInt(5).putInt(8).putInt(2).putInt(8);
            b.putInt((1 << 16) | 1).put((byte) name.charAt(0)).put(new byte[3]);
            b.putInt(9).putInt(16 * 8);
            for (int j = 0; j < 8; j++) {
                for (int i = 0; i < 2; i++) { // column-major
                    b.putDouble(name.equals("a") ? 10 * i + j : -(10 * i + j));
                }
            }
        }
        Path mat = dir.resolve("burgers.mat");
        Files.write(mat, java.util.Arrays.copyOf(b.array(), b.position()));
        Path out = dir.resolve("b.npz");
        Cli.Result r = Cli.run("data", "burgers", "--data", mat.toString(), "--sub", "4", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        PdeDataset d = PdeDataset.read(out);
        assertArrayEquals(new int[] {2}, d.shape());
        assertArrayEquals(new double[] {10, 14}, d.input(1));
        assertArrayEquals(new double[] {-10, -14}, d.output(1));
        assertEquals(Main.USAGE, Cli.run("data", "burgers", "--data", out.toString(), "--out", dir.resolve("x.npz").toString()).exitCode());
    }

    @Test
    void convertsAMatlabV73FileWithSub(@TempDir Path dir) throws Exception {
        // MATLAB v7.3 (HDF5): a 2 x 8 array is stored with HDF5 dimensions [8, 2], column-major
        Path mat = dir.resolve("burgers73.mat");
        writeMatlabV73(mat, 2, 8, (name, i, j) -> name.equals("a") ? 10 * i + j : -(10 * i + j));
        Path out = dir.resolve("b.npz");
        Cli.Result r = Cli.run("data", "burgers", "--data", mat.toString(), "--sub", "4", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        PdeDataset d = PdeDataset.read(out);
        assertEquals(2, d.samples());
        assertArrayEquals(new int[] {2}, d.shape());
        assertArrayEquals(new double[] {0, 4}, d.input(0));
        assertArrayEquals(new double[] {10, 14}, d.input(1));
        assertArrayEquals(new double[] {-10, -14}, d.output(1));
    }

    /** Value of variable {@code name} at MATLAB index (i, j). */
    interface Entry {
        double at(String name, int i, int j);
    }

    /**
     * Writes variables a and u of MATLAB size n x s as MATLAB's save -v7.3 stores them (without the
     * 512-byte text block): HDF5 datasets of dimensions [s, n], element [j][i] = A(i, j).
     */
    static void writeMatlabV73(Path file, int n, int s, Entry entry) {
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(file)) {
            for (String name : new String[] {"a", "u"}) {
                double[][] h = new double[s][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < s; j++) {
                        h[j][i] = entry.at(name, i, j);
                    }
                }
                w.putDataset(name, h).putAttribute("MATLAB_class", "double");
            }
        }
    }
}
