package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    private NpyArray roundTrip(NpyArray a, String name) throws IOException {
        Path p = dir.resolve(name);
        Npy.write(p, a);
        NpyArray b = Npy.read(p);
        assertTrue(a.contentEquals(b), "round trip changed " + a + " -> " + b);
        return b;
    }

    @Test
    void roundTripFloat32Matrix() throws IOException {
        float[] v = {1.5f, -2f, Float.MIN_VALUE, Float.MAX_VALUE, 0f, -0f};
        NpyArray b = roundTrip(NpyArray.of(v, 2, 3), "f4.npy");
        assertArrayEquals(new long[] {2, 3}, b.shape());
        assertArrayEquals(v, (float[]) b.data());
    }

    @Test
    void roundTripFloat64Vector() throws IOException {
        double[] v = {Math.PI, -1e300, Double.MIN_VALUE, 42};
        NpyArray b = roundTrip(NpyArray.of(v, 4), "f8.npy");
        assertArrayEquals(v, (double[]) b.data());
        assertEquals(NpyArray.DType.FLOAT64, b.dtype());
    }

    @Test
    void roundTripInt64ScalarAndInt32() throws IOException {
        NpyArray s = roundTrip(NpyArray.of(new long[] {Long.MIN_VALUE}), "scalar.npy");
        assertEquals(0, s.shape().length);
        assertEquals(Long.MIN_VALUE, ((long[]) s.data())[0]);
        roundTrip(NpyArray.of(new long[] {1, -2, 3, Long.MAX_VALUE}, 2, 2), "i8.npy");
        roundTrip(NpyArray.of(new int[] {7, -8, Integer.MAX_VALUE}, 3), "i4.npy");
    }

    @Test
    void roundTripLargerThanOneChunkAndEmpty() throws IOException {
        float[] v = new float[100_003];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f;
        }
        roundTrip(NpyArray.of(v, v.length), "big.npy");
        roundTrip(NpyArray.of(new double[0], 0, 5), "empty.npy");
    }

    /** Checks the header layout against the documented format, independently of the reader. */
    @Test
    void headerBytesFollowTheSpec() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Npy.write(bos, NpyArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        byte[] b = bos.toByteArray();
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(b, 8));
        int hlen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (hlen + 10) % 64, "preamble must be a multiple of 64 bytes");
        String header = new String(b, 10, hlen, StandardCharsets.US_ASCII);
        assertEquals('\n', header.charAt(header.length() - 1));
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.stripTrailing());
        assertTrue(header.substring(0, header.length() - 1).chars().skip(60).allMatch(c -> c == ' '),
                "padding must be spaces");
        assertEquals(24, b.length - 10 - hlen);
        // data: little-endian float32 1.0f = 0x3F800000
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, Arrays.copyOfRange(b, 10 + hlen, 14 + hlen));
    }

    @Test
    void headerShapeTextForScalarAndVector() {
        assertEquals("{'descr': '<i8', 'fortran_order': False, 'shape': (), }",
                Npy.headerDict(NpyArray.of(new long[] {1})));
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }",
                Npy.headerDict(NpyArray.of(new double[5], 5)));
    }

    /** A tiny file written byte by byte from the format description. */
    @Test
    void handBuiltFloat64FileDecodes() throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n"; // total preamble 128
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0});
        b.write(header.getBytes(StandardCharsets.US_ASCII));
        b.write(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF8, 0x3F}); // 1.5
        b.write(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0xC0}); // -2.0
        b.write(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xD0, 0x3F}); // 0.25
        NpyArray a = Npy.read(new ByteArrayInputStream(b.toByteArray()));
        assertArrayEquals(new long[] {3}, a.shape());
        assertArrayEquals(new double[] {1.5, -2.0, 0.25}, (double[]) a.data());
    }

    @Test
    void handBuiltBigEndianInt32Version2Decodes() throws IOException {
        String dict = "{'descr': '>i4', 'fortran_order': False, 'shape': (1, 3), }";
        String header = dict + " ".repeat(128 - 12 - dict.length() - 1) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 116, 0, 0, 0});
        b.write(header.getBytes(StandardCharsets.US_ASCII));
        b.write(new byte[] {0, 0, 0, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 1, 2});
        NpyArray a = Npy.read(new ByteArrayInputStream(b.toByteArray()));
        assertEquals(NpyArray.DType.INT32, a.dtype());
        assertArrayEquals(new long[] {1, 3}, a.shape());
        assertArrayEquals(new int[] {1, -1, 258}, (int[]) a.data());
    }

    private static byte[] fileWithHeader(String dict, byte[] data) {
        byte[] npy = Npy.header(NpyArray.of(new float[0], 0));
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        String header = dict + " ".repeat(total - 10 - dict.length() - 1) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(npy, 0, 8).putShort((short) (total - 10)).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return bb.array();
    }

    @Test
    void badMagicNamesFile() throws IOException {
        Path p = dir.resolve("notnpy.npy");
        Files.write(p, "PK\u0003\u0004 hello".getBytes(StandardCharsets.ISO_8859_1));
        var e = assertThrows(DataFormatException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void truncatedPayloadReportsExpectedAndActualBytes() throws IOException {
        Path p = dir.resolve("trunc.npy");
        byte[] full = fileWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", new byte[16]);
        Files.write(p, Arrays.copyOf(full, full.length - 6));
        var e = assertThrows(DataFormatException.class, () -> Npy.read(p));
        String m = e.getMessage();
        assertTrue(m.contains(p.toString()) && m.contains("expected 16") && m.contains("got 10"), m);
    }

    @Test
    void unsupportedDtypeAndVersionAreRejected() {
        byte[] u2 = fileWithHeader("{'descr': '<u2', 'fortran_order': False, 'shape': (1,), }", new byte[2]);
        var e = assertThrows(DataFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(u2), "u2.npy"));
        assertTrue(e.getMessage().contains("u2.npy") && e.getMessage().contains("'<u2'"), e.getMessage());

        byte[] v9 = fileWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        v9[6] = 9;
        e = assertThrows(DataFormatException.class, () -> Npy.read(new ByteArrayInputStream(v9), "v9.npy"));
        assertTrue(e.getMessage().contains("version 9.0"), e.getMessage());
    }

    /** Column-major payloads (pandas' {@code to_numpy()} of a frame) come out row-major. */
    @Test
    void fortranOrderIsReadAsRowMajor() throws IOException {
        // [[1, 2, 3], [4, 5, 6]] stored column by column: 1 4 2 5 3 6
        ByteBuffer twoD = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) {
            twoD.putFloat(v);
        }
        byte[] f = fileWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", twoD.array());
        NpyArray a = Npy.read(new ByteArrayInputStream(f), "f.npy");
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, (float[]) a.data());
        // shape (2, 2, 2): element (i, j, k) = 100 i + 10 j + k sits at i + 2 j + 4 k
        ByteBuffer threeD = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    threeD.putDouble(100 * i + 10 * j + k);
                }
            }
        }
        byte[] g = fileWithHeader("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 2), }", threeD.array());
        assertArrayEquals(new double[] {0, 1, 10, 11, 100, 101, 110, 111}, (double[]) Npy.read(new ByteArrayInputStream(g), "g.npy").data());
    }

    @Test
    void conversions() {
        NpyArray a = NpyArray.of(new int[] {1, -2, 3}, 3);
        assertArrayEquals(new double[] {1, -2, 3}, a.toDoubleArray());
        assertArrayEquals(new float[] {1, -2, 3}, a.toFloatArray());
        assertArrayEquals(new long[] {1, -2, 3}, a.toLongArray());
        assertArrayEquals(new float[] {0.5f}, NpyArray.of(new double[] {0.5}, 1).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> NpyArray.of(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(new long[] {1}, NpyArray.DType.FLOAT32,
                new double[1]));
    }
}
