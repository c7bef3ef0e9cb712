package dev.closedform.experiments.pde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.DataFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes small level-5 MAT-files by the published format (as MATLAB does) and reads them back. */
class MatFileTest {

    /** A variable: C-order values of the given shape, stored as MAT type {@code miType} (9 double, 2 uint8, 4 char-as-uint16). */
    record Var(String name, int[] shape, double[] values, int miType, int mxClass) {}

    static byte[] matrix(Var v) {
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(6).putInt(8).putInt(v.mxClass()).putInt(0); // array flags
        b.putInt(5).putInt(4 * v.shape().length);
        for (int d : v.shape()) {
            b.putInt(d);
        }
        pad(b);
        byte[] name = v.name().getBytes(StandardCharsets.US_ASCII);
        if (name.length <= 4) {
            b.putInt((name.length << 16) | 1).put(name).put(new byte[4 - name.length]);
        } else {
            b.putInt(1).putInt(name.length).put(name);
            pad(b);
        }
        int size = v.miType() == 9 ? 8 : v.miType() == 2 ? 1 : 2;
        b.putInt(v.miType()).putInt(v.values().length * size);
        // column-major order
        int rank = v.shape().length;
        int[] idx = new int[rank];
        for (int e = 0; e < v.values().length; e++) {
            int c = 0;
            for (int k = 0; k < rank; k++) {
                c = c * v.shape()[k] + idx[k];
            }
            double x = v.values()[c];
            switch (v.miType()) {
                case 9 -> b.putDouble(x);
                case 2 -> b.put((byte) (int) x);
                default -> b.putShort((short) x);
            }
            for (int k = 0; k < rank; k++) {
                if (++idx[k] < v.shape()[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        pad(b);
        byte[] body = Arrays.copyOf(b.array(), b.position());
        ByteBuffer m = ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(14).putInt(body.length).put(body);
        return m.array();
    }

    static void pad(ByteBuffer b) {
        while (b.position() % 8 != 0) {
            b.put((byte) 0);
        }
    }

    static void write(Path file, boolean compress, Var... vars) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] text = Arrays.copyOf("MATLAB 5.0 MAT-file, Platform: test, Created on: today".getBytes(StandardCharsets.US_ASCII), 116);
        for (int i = 0; i < text.length; i++) {
            if (text[i] == 0) {
                text[i] = ' ';
            }
        }
        out.write(text);
        out.write(new byte[8]);
        out.write(new byte[] {0, 1, 'I', 'M'});
        for (Var v : vars) {
            byte[] m = matrix(v);
            if (compress) {
                Deflater d = new Deflater();
                d.setInput(m);
                d.finish();
                byte[] buf = new byte[m.length + 64];
                int n = d.deflate(buf);
                d.end();
                ByteBuffer t = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(15).putInt(n);
                out.write(t.array());
                out.write(buf, 0, n);
            } else {
                out.write(m);
            }
        }
        Files.write(file, out.toByteArray());
    }

    static double[] values(int n, int seed) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(0.37 * i + seed) * 10;
        }
        return v;
    }

    @Test
    void readsPlainAndCompressedNumericMatrices(@TempDir Path dir) throws Exception {
        double[] a = values(3 * 8, 1);
        double[] u = values(3 * 8, 2);
        double[] label = {104, 105};
        for (boolean compress : new boolean[] {false, true}) {
            Path f = dir.resolve("burgers" + compress + ".mat");
            write(f, compress, new Var("label", new int[] {1, 2}, label, 4, 4), new Var("a", new int[] {3, 8}, a, 9, 6),
                    new Var("u", new int[] {3, 8}, u, 9, 6));
            Map<String, MatFile.MatArray> m = MatFile.read(f);
            assertEquals(2, m.size(), "the char variable is skipped: " + m.keySet());
            assertArrayEquals(new int[] {3, 8}, m.get("a").shape());
            assertArrayEquals(a, m.get("a").data());
            assertArrayEquals(u, m.get("u").data());
            PdeDataset d = FnoMatData.read(f, 2, 2);
            assertEquals(2, d.samples());
            assertArrayEquals(new int[] {4}, d.shape());
            assertArrayEquals(new double[] {a[8], a[10], a[12], a[14]}, d.input(1));
            assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, d.x());
        }
    }

    @Test
    void readsDarcyLayoutStoredAsUint8AndSubsamples(@TempDir Path dir) throws Exception {
        int n = 2;
        int s = 9;
        double[] coeff = new double[n * s * s];
        for (int i = 0; i < coeff.length; i++) {
            coeff[i] = (i * 7 % 5 < 2) ? 12 : 3;
        }
        double[] sol = values(n * s * s, 3);
        Path f = dir.resolve("piececonst.mat");
        write(f, true, new Var("coeff", new int[] {n, s, s}, coeff, 2, 6), new Var("sol", new int[] {n, s, s}, sol, 9, 6));
        PdeDataset d = FnoMatData.read(f, 4, 100);
        assertArrayEquals(new int[] {3, 3}, d.shape());
        assertEquals(2, d.samples());
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    int src = k * s * s + (4 * i) * s + 4 * j;
                    assertEquals(coeff[src], d.a()[k * 9 + i * 3 + j]);
                    assertEquals(sol[src], d.u()[k * 9 + i * 3 + j]);
                }
            }
        }
        assertArrayEquals(new double[] {0, 0.5, 1}, d.y());
    }

    @Test
    void rejectsDamagedHdf5AndGarbageClearly(@TempDir Path dir) throws Exception {
        Path h5 = dir.resolve("v73.mat");
        byte[] b = new byte[600];
        System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, b, 512, 8);
        // MATLAB v7.3 files start with a 512-byte text block and then the HDF5 signature; here garbage follows it
        System.arraycopy("MATLAB 7.3 MAT-file".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 19);
        Files.write(h5, b);
        DataFormatException e = assertThrows(DataFormatException.class, () -> MatFile.read(h5));
        assertTrue(e.getMessage().contains("HDF5") && e.getMessage().contains(h5.toString()), e.getMessage());
        Path junk = dir.resolve("junk.mat");
        Files.writeString(junk, "hello");
        assertThrows(DataFormatException.class, () -> MatFile.read(junk));
        Path truncated = dir.resolve("t.mat");
        write(truncated, false, new Var("a", new int[] {2, 4}, values(8, 1), 9, 6), new Var("u", new int[] {2, 4}, values(8, 2), 9, 6));
        byte[] all = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(all, all.length - 20));
        assertThrows(DataFormatException.class, () -> MatFile.read(truncated));
        assertThrows(DataFormatException.class, () -> FnoMatData.read(dir.resolve("v73.mat"), 1, 10));
    }
}
