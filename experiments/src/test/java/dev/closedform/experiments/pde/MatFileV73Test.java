package dev.closedform.experiments.pde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.DataFormatException;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.checksum.ChecksumUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes small MATLAB v7.3 files with jhdf the way MATLAB lays them out (HDF5 dimensions reversed,
 * column-major data, a {@code MATLAB_class} attribute, a 512-byte text block in front) and checks
 * that they read back exactly as the same arrays saved in level 5.
 */
class MatFileV73Test {

    /**
     * The HDF5 dataset MATLAB writes for a C-order array of MATLAB shape {@code shape} (rank 2 or 3):
     * dimensions reversed, element {@code [j0, .., jk]} = {@code A(jk, .., j0)}.
     */
    static Object matlabLayout(int[] shape, double[] c, boolean single) {
        if (shape.length == 2) {
            int n = shape[0];
            int s = shape[1];
            double[][] h = new double[s][n];
            float[][] f = new float[s][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < s; j++) {
                    h[j][i] = c[i * s + j];
                    f[j][i] = (float) c[i * s + j];
                }
            }
            return single ? f : h;
        }
        int n = shape[0];
        int s1 = shape[1];
        int s2 = shape[2];
        double[][][] h = new double[s2][s1][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < s1; j++) {
                for (int k = 0; k < s2; k++) {
                    h[k][j][i] = c[(i * s1 + j) * s2 + k];
                }
            }
        }
        return h;
    }

    record Var(String name, int[] shape, double[] values, String matlabClass) {}

    /** An HDF5 file as MATLAB's {@code save -v7.3} lays out the variables, without the user block. */
    static void writeHdf5(Path file, Var... vars) {
        try (WritableHdfFile w = HdfFile.write(file)) {
            for (Var v : vars) {
                Object data = v.matlabClass().equals("char") ? new short[][] {{104}, {105}}
                        : matlabLayout(v.shape(), v.values(), v.matlabClass().equals("single"));
                WritableDataset d = w.putDataset(v.name(), data);
                d.putAttribute("MATLAB_class", v.matlabClass());
            }
        }
    }

    /**
     * A copy of an HDF5 file behind a 512-byte MATLAB v7.3 text header, as MATLAB writes it. The HDF5
     * base address (superblock v2/v3, the version jhdf writes) is set to 512, where the superblock now
     * is, so that every address in the file (relative to the base) stays right; the superblock's
     * checksum is recomputed.
     */
    static void withUserBlock(Path hdf5, Path mat) throws Exception {
        byte[] h = Files.readAllBytes(hdf5);
        assertTrue(h[8] == 2 || h[8] == 3, "superblock version " + h[8]);
        byte[] m = new byte[512 + h.length];
        Arrays.fill(m, 0, 128, (byte) ' ');
        byte[] text = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: test HDF5 schema 1.00 .".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, m, 0, text.length);
        m[124] = 0;
        m[125] = 2;
        m[126] = 'I';
        m[127] = 'M';
        System.arraycopy(h, 0, m, 512, h.length);
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(512 + 12, 512); // base address
        b.putInt(512 + 44, ChecksumUtils.checksum(Arrays.copyOfRange(m, 512, 512 + 44)));
        Files.write(mat, m);
    }

    /** Distinct, non-symmetric values: a wrong transposition cannot go unnoticed. */
    static double[] distinct(int n, double offset) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = offset + i + 0.001 * i * i;
        }
        return v;
    }

    @Test
    void readsBurgersLayoutLikeTheLevel5File(@TempDir Path dir) throws Exception {
        int n = 3;
        int s = 8;
        double[] a = distinct(n * s, 0);
        double[] u = distinct(n * s, -100);
        Path h5 = dir.resolve("burgers.h5");
        writeHdf5(h5, new Var("a", new int[] {n, s}, a, "double"), new Var("u", new int[] {n, s}, u, "double"),
                new Var("label", new int[] {1, 2}, null, "char"));
        Path mat = dir.resolve("burgers_v73.mat");
        withUserBlock(h5, mat);
        Path v5 = dir.resolve("burgers_v5.mat");
        MatFileTest.write(v5, true, new MatFileTest.Var("a", new int[] {n, s}, a, 9, 6),
                new MatFileTest.Var("u", new int[] {n, s}, u, 9, 6));
        assertEquals(512, MatFileV73.hdf5Offset(mat));
        assertEquals(0, MatFileV73.hdf5Offset(h5));
        assertEquals(-1, MatFileV73.hdf5Offset(v5));
        for (Path f : new Path[] {h5, mat, v5}) {
            Map<String, MatFile.MatArray> m = MatFile.read(f);
            assertEquals(Set.of("a", "u"), m.keySet(), f + ": the char variable is skipped");
            assertArrayEquals(new int[] {n, s}, m.get("a").shape(), f.toString());
            assertArrayEquals(a, m.get("a").data(), f.toString());
            assertArrayEquals(u, m.get("u").data(), f.toString());
            PdeDataset d = FnoMatData.read(f, 2, 2);
            assertEquals(2, d.samples());
            assertArrayEquals(new int[] {4}, d.shape());
            assertArrayEquals(new double[] {a[8], a[10], a[12], a[14]}, d.input(1), f.toString());
            assertArrayEquals(new double[] {u[8], u[10], u[12], u[14]}, d.output(1), f.toString());
        }
    }

    @Test
    void readsDarcyLayoutWholeAndInSlabs(@TempDir Path dir) throws Exception {
        int n = 4;
        int s1 = 9;
        int s2 = 7; // not square, so that swapping the two grid axes shows
        double[] coeff = distinct(n * s1 * s2, 1);
        double[] sol = distinct(n * s1 * s2, 5000);
        Path h5 = dir.resolve("darcy.h5");
        writeHdf5(h5, new Var("coeff", new int[] {n, s1, s2}, coeff, "double"), new Var("sol", new int[] {n, s1, s2}, sol, "double"));
        Path mat = dir.resolve("darcy.mat");
        withUserBlock(h5, mat);
        int sub = 3;
        int keep = 3;
        int[] shape = {keep, 3, 3};
        double[] expected = new double[keep * 9];
        for (int i = 0; i < keep; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    expected[(i * 3 + j) * 3 + k] = sol[(i * s1 + sub * j) * s2 + sub * k];
                }
            }
        }
        // whole-dataset reads, and slab reads of 1 and 2 HDF5 rows at a time (the path of large files)
        for (long block : new long[] {MatFileV73.BLOCK_ELEMENTS, 10, 2 * s1 * keep}) {
            Map<String, MatFile.MatArray> m = MatFileV73.read(mat, Set.of("sol"), sub, keep, block);
            assertArrayEquals(shape, m.get("sol").shape(), "block " + block);
            assertArrayEquals(expected, m.get("sol").data(), "block " + block);
            Map<String, MatFile.MatArray> all = MatFileV73.read(mat, null, 1, Integer.MAX_VALUE, block);
            assertArrayEquals(new int[] {n, s1, s2}, all.get("coeff").shape());
            assertArrayEquals(coeff, all.get("coeff").data(), "block " + block);
        }
        PdeDataset d = FnoMatData.read(mat, sub, keep);
        assertArrayEquals(new int[] {3, 3}, d.shape());
        assertArrayEquals(expected, d.u());
        assertArrayEquals(new double[] {0, 0.5, 1}, d.x());
    }

    @Test
    void readsSinglePrecision(@TempDir Path dir) throws Exception {
        double[] a = distinct(2 * 5, 0.5);
        double[] u = distinct(2 * 5, 7.25);
        Path f = dir.resolve("single.h5");
        writeHdf5(f, new Var("a", new int[] {2, 5}, a, "single"), new Var("u", new int[] {2, 5}, u, "single"));
        Map<String, MatFile.MatArray> m = MatFile.read(f);
        for (int i = 0; i < a.length; i++) {
            assertEquals((float) a[i], m.get("a").data()[i], 0.0);
            assertEquals((float) u[i], m.get("u").data()[i], 0.0);
        }
    }

    @Test
    void clearErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("odd.mat");
        Path h5 = dir.resolve("odd.h5");
        writeHdf5(h5, new Var("a", new int[] {2, 4}, distinct(8, 0), "double"), new Var("u", new int[] {2, 4, 1}, distinct(8, 1), "double"),
                new Var("sol", new int[] {1, 2}, null, "char"));
        withUserBlock(h5, f);
        // a variable asked for by name that is not numeric
        DataFormatException e = assertThrows(DataFormatException.class, () -> MatFile.read(f, Set.of("sol"), 1, 10));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'sol'") && e.getMessage().contains("char"),
                e.getMessage());
        // wrong rank / shapes that differ
        e = assertThrows(DataFormatException.class, () -> FnoMatData.read(f, 1, 10));
        assertTrue(e.getMessage().contains("'sol'"), "asked for by FnoMatData too: " + e.getMessage());
        Path ranks = dir.resolve("ranks.h5");
        writeHdf5(ranks, new Var("a", new int[] {2, 4}, distinct(8, 0), "double"), new Var("u", new int[] {2, 4, 1}, distinct(8, 1), "double"));
        e = assertThrows(DataFormatException.class, () -> FnoMatData.read(ranks, 1, 10));
        assertTrue(e.getMessage().contains("'a' [2, 4]") && e.getMessage().contains("'u' [2, 4, 1]"), e.getMessage());
        // a missing variable
        Path only = dir.resolve("only.h5");
        writeHdf5(only, new Var("a", new int[] {2, 4}, distinct(8, 0), "double"));
        e = assertThrows(DataFormatException.class, () -> FnoMatData.read(only, 1, 10));
        assertTrue(e.getMessage().contains("'u' is missing") && e.getMessage().contains(only.toString()), e.getMessage());
        Path flat = dir.resolve("flat.h5");
        try (WritableHdfFile w = HdfFile.write(flat)) {
            w.putDataset("a", new double[] {1, 2, 3});
            w.putDataset("u", new double[] {1, 2, 3});
        }
        e = assertThrows(DataFormatException.class, () -> FnoMatData.read(flat, 1, 10));
        assertTrue(e.getMessage().contains("rank 1"), e.getMessage());
        // truncated and corrupt files name the file
        byte[] all = Files.readAllBytes(f);
        Path truncated = dir.resolve("truncated.mat");
        Files.write(truncated, Arrays.copyOf(all, 700));
        e = assertThrows(DataFormatException.class, () -> MatFile.read(truncated));
        assertTrue(e.getMessage().contains(truncated.toString()) && e.getMessage().contains("HDF5"), e.getMessage());
        Path corrupt = dir.resolve("corrupt.mat");
        byte[] bad = all.clone();
        Arrays.fill(bad, 512 + 48, bad.length, (byte) 0x5a);
        Files.write(corrupt, bad);
        e = assertThrows(DataFormatException.class, () -> MatFile.read(corrupt));
        assertTrue(e.getMessage().contains(corrupt.toString()), e.getMessage());
        // the MATLAB 7.3 text header without any HDF5 data after it
        Path header = dir.resolve("header.mat");
        Files.write(header, Arrays.copyOf(all, 400));
        e = assertThrows(DataFormatException.class, () -> MatFile.read(header));
        assertTrue(e.getMessage().contains("7.3") && e.getMessage().contains(header.toString()), e.getMessage());
    }
}
