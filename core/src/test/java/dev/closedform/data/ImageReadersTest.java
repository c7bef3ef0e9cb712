package dev.closedform.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageReadersTest {
    @TempDir
    Path dir;

    static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    @Test
    void encodeWritesWhatReadReadsAndRejectsAPayloadOfTheWrongSize() throws IOException {
        byte[] px = new byte[2 * 3 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (250 - i);
        }
        byte[] file = Idx.encode(new int[] {2, 3, 4}, px);
        assertArrayEquals(idx(Idx.IMAGES_MAGIC, new int[] {2, 3, 4}, px), file); // the independent byte layout
        Idx.Array back = Idx.read(write("enc-images-idx3-ubyte", file), Idx.IMAGES_MAGIC);
        assertArrayEquals(new int[] {2, 3, 4}, back.dims());
        assertArrayEquals(px, back.data());
        assertArrayEquals(idx(Idx.LABELS_MAGIC, new int[] {3}, new byte[] {0, 1, 2}), Idx.encode(new int[] {3}, new byte[] {0, 1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.encode(new int[] {2, 3}, new byte[5]));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37 + 11);
        }
        return p;
    }

    @Test
    void readsRawAndGzipImagesWithLabels() throws IOException {
        byte[] px = pixels(3 * 2 * 4);
        byte[] images = idx(0x803, new int[] {3, 2, 4}, px);
        byte[] labels = idx(0x801, new int[] {3}, new byte[] {7, 0, 9});
        for (boolean gz : new boolean[] {false, true}) {
            // the gzip file deliberately has no .gz suffix: detection is by magic bytes
            Path img = write("img" + gz, gz ? gzip(images) : images);
            Path lab = write("lab" + gz, gz ? gzip(labels) : labels);
            LabeledImages set = Idx.readImages(img, lab, 10);
            assertEquals(3, set.count());
            assertEquals(1, set.channels());
            assertEquals(2, set.height());
            assertEquals(4, set.width());
            assertArrayEquals(px, set.pixels());
            assertArrayEquals(new int[] {7, 0, 9}, set.labels());
        }
    }

    @Test
    void findPrefersRawThenGz() throws IOException {
        write("a-ubyte.gz", new byte[] {1});
        assertEquals(dir.resolve("a-ubyte.gz"), Idx.find(dir, "a-ubyte"));
        write("a-ubyte", new byte[] {1});
        assertEquals(dir.resolve("a-ubyte"), Idx.find(dir, "a-ubyte"));
        IOException e = assertThrows(IOException.class, () -> Idx.find(dir, "missing"));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    private void assertFails(Path file, int magic, String... fragments) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(file, magic));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
    }

    @Test
    void rejectsWrongMagicTruncationAndTrailingBytes() throws IOException {
        byte[] good = idx(0x803, new int[] {2, 3, 3}, pixels(18));
        // label magic where images are expected
        assertFails(write("labels-as-images", idx(0x801, new int[] {2}, new byte[] {1, 2})), 0x803, "0x00000801", "expected 0x00000803");
        // not IDX at all
        assertFails(write("text", "hello world".getBytes()), 0x803, "not an IDX file");
        // truncated inside the header, inside the dims, inside the payload
        assertFails(write("short-magic", Arrays.copyOf(good, 3)), 0x803, "truncated", "magic");
        assertFails(write("short-dims", Arrays.copyOf(good, 9)), 0x803, "truncated", "dimension sizes");
        assertFails(write("short-payload", Arrays.copyOf(good, good.length - 1)), 0x803, "truncated", "18 payload bytes", "only 17");
        // one byte too many
        assertFails(write("long", Arrays.copyOf(good, good.length + 1)), 0x803, "after the 18 payload bytes");
        // a gzip stream cut in the middle
        byte[] gz = gzip(good);
        assertFails(write("cut.gz", Arrays.copyOf(gz, gz.length - 6)), 0x803, "gzip");
        // and the intact files read
        assertEquals(18, Idx.read(write("ok", good), 0x803).data().length);
        assertEquals(18, Idx.read(write("ok.gz", gz), 0x803).data().length);
    }

    @Test
    void rejectsMismatchedImageAndLabelCountsAndBadLabels() throws IOException {
        Path img = write("img", idx(0x803, new int[] {3, 2, 2}, pixels(12)));
        Path lab = write("lab", idx(0x801, new int[] {2}, new byte[] {1, 2}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.readImages(img, lab, 10));
        assertTrue(e.getMessage().contains("3 images") && e.getMessage().contains("2 labels"), e.getMessage());
        Path bad = write("bad", idx(0x801, new int[] {3}, new byte[] {1, 12, 2}));
        e = assertThrows(DataFormatException.class, () -> Idx.readImages(img, bad, 10));
        assertTrue(e.getMessage().contains("label 12"), e.getMessage());
    }

    @Test
    void oneHotRowsWithTargetValueAndChannelScaling() throws IOException {
        byte[] px = {0, (byte) 255, (byte) 51, 102};
        LabeledImages set = Idx.readImages(write("i", idx(0x803, new int[] {2, 1, 2}, px)),
                write("l", idx(0x801, new int[] {2}, new byte[] {2, 0})), 3);
        RegressionData d = set.toRegressionData(new double[] {0.5}, new double[] {0.25}, 5.0);
        assertEquals(2, d.inputDim());
        assertEquals(3, d.outputDim());
        assertArrayEquals(new float[] {-2f, 2f, (0.2f - 0.5f) * 4, (0.4f - 0.5f) * 4}, d.x(), 1e-6f);
        assertArrayEquals(new float[] {0, 0, 5, 5, 0, 0}, d.y());
        double[][] stats = set.channelStatistics();
        double mean = (0 + 1 + 0.2 + 0.4) / 4;
        assertEquals(mean, stats[0][0], 1e-12);
        double var = (0 + 1 + 0.04 + 0.16) / 4 - mean * mean;
        assertEquals(Math.sqrt(var), stats[1][0], 1e-9);
    }

    static byte[] cifarRecord(int coarse, int label, boolean cifar100, int seed) {
        byte[] r = new byte[(cifar100 ? 2 : 1) + CifarBinary.PIXELS];
        int at = 0;
        if (cifar100) {
            r[at++] = (byte) coarse;
        }
        r[at++] = (byte) label;
        for (int i = 0; i < CifarBinary.PIXELS; i++) {
            r[at + i] = (byte) (i * seed + 3);
        }
        return r;
    }

    @Test
    void readsCifar10And100Batches() throws IOException {
        ByteArrayOutputStream ten = new ByteArrayOutputStream();
        ten.write(cifarRecord(0, 3, false, 1));
        ten.write(cifarRecord(0, 9, false, 2));
        Path b1 = write("data_batch_1.bin", ten.toByteArray());
        Path b2 = write("data_batch_2.bin", gzip(cifarRecord(0, 4, false, 5)));
        LabeledImages c10 = CifarBinary.read(List.of(b1, b2), false);
        assertEquals(3, c10.count());
        assertEquals(3, c10.channels());
        assertEquals(32, c10.height());
        assertArrayEquals(new int[] {3, 9, 4}, c10.labels());
        // pixel (c=1, h=0, w=2) of the second image: offset 1024 + 2 in its record
        assertEquals((byte) ((1024 + 2) * 2 + 3), c10.pixels()[CifarBinary.PIXELS + 1024 + 2]);
        assertEquals((byte) (5 * 7 + 3), c10.pixels()[2 * CifarBinary.PIXELS + 7]);

        ByteArrayOutputStream hundred = new ByteArrayOutputStream();
        hundred.write(cifarRecord(19, 87, true, 1));
        hundred.write(cifarRecord(2, 5, true, 2));
        LabeledImages c100 = CifarBinary.read(write("train.bin", hundred.toByteArray()), true);
        assertEquals(100, c100.classes());
        assertArrayEquals(new int[] {87, 5}, c100.labels(), "fine labels");
        assertEquals((byte) 3, c100.pixels()[0]);
    }

    @Test
    void rejectsTruncatedOrWrongVariantCifar() throws IOException {
        byte[] rec = cifarRecord(0, 3, false, 1);
        Path cut = write("cut.bin", Arrays.copyOf(rec, rec.length - 10));
        DataFormatException e = assertThrows(DataFormatException.class, () -> CifarBinary.read(cut, false));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("3073"), e.getMessage());
        // a CIFAR-100 file (3074-byte records) read as CIFAR-10
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        for (int i = 0; i < 3073; i++) { // 3073 records of 3074 bytes is a multiple of 3073 bytes as well
            two.write(cifarRecord(1, 50, true, i));
        }
        Path c100 = write("c100.bin", two.toByteArray());
        e = assertThrows(DataFormatException.class, () -> CifarBinary.read(c100, false));
        assertTrue(e.getMessage().contains("label"), e.getMessage());
        assertEquals(3073, CifarBinary.read(c100, true).count());
    }
}
