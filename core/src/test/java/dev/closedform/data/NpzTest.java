package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    private static Map<String, NpyArray> twoArrays() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("x", NpyArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        m.put("y", NpyArray.of(new double[] {-1, 0.5, 9}, 3));
        return m;
    }

    private static void assertSame(Map<String, NpyArray> expected, Map<String, NpyArray> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "names and order");
        for (String k : expected.keySet()) {
            assertTrue(expected.get(k).contentEquals(actual.get(k)), k);
        }
    }

    @Test
    void roundTripStoredAndCompressed() throws IOException {
        Path stored = dir.resolve("s.npz");
        Path deflated = dir.resolve("d.npz");
        Npz.write(stored, twoArrays());
        Npz.writeCompressed(deflated, twoArrays());
        assertSame(twoArrays(), Npz.read(stored));
        assertSame(twoArrays(), Npz.read(deflated));
        try (ZipFile z = new ZipFile(stored.toFile()); ZipFile d = new ZipFile(deflated.toFile())) {
            assertEquals(ZipEntry.STORED, z.getEntry("x.npy").getMethod());
            assertEquals(ZipEntry.DEFLATED, d.getEntry("y.npy").getMethod());
        }
    }

    /** Entries built from spec bytes, zipped by java.util.zip independently of Npz.write. */
    @Test
    void readsDeflatedZipWrittenByHand() throws IOException {
        String dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }";
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        Path p = dir.resolve("hand.npz");
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (String name : List.of("b", "a")) {
                ZipEntry e = new ZipEntry(name + ".npy");
                e.setMethod(ZipEntry.DEFLATED);
                zip.putNextEntry(e);
                zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0});
                zip.write(header.getBytes(StandardCharsets.US_ASCII));
                zip.write(new byte[] {5, 0, 0, 0, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}); // 5, -2
                zip.closeEntry();
            }
        }
        var m = Npz.read(p);
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
        assertArrayEquals(new int[] {5, -2}, (int[]) m.get("a").data());
    }

    @Test
    void corruptEntryNamesArchiveAndEntry() throws IOException {
        Path p = dir.resolve("bad.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(p))) {
            zip.putNextEntry(new ZipEntry("w.npy"));
            zip.write("not numpy".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        var e = assertThrows(DataFormatException.class, () -> Npz.read(p));
        assertTrue(e.getMessage().contains(p + "!w.npy"), e.getMessage());

        Path notZip = dir.resolve("plain.npz");
        Files.writeString(notZip, "hello");
        e = assertThrows(DataFormatException.class, () -> Npz.read(notZip));
        assertTrue(e.getMessage().contains(notZip.toString()), e.getMessage());
    }
}
