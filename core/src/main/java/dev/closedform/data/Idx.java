package dev.closedform.data;

import dev.closedform.engine.EngineSettings;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader of IDX files (the MNIST family): a big-endian header {@code 0x00 0x00 type ndim}, then
 * {@code ndim} big-endian int32 sizes, then the payload. Only unsigned bytes (type 0x08) are
 * supported, which is what MNIST and Fashion-MNIST use. Gzip files are recognised by their magic
 * bytes, whatever their name. Every error names the file.
 */
public final class Idx {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    /** Magic of an image file: unsigned bytes, 3 dimensions (count, rows, cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of a label file: unsigned bytes, 1 dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;

    private Idx() {}

    /** A parsed IDX file of unsigned bytes. */
    public record Array(int[] dims, byte[] data) {}

    /**
     * The IDX encoding of unsigned bytes, as {@link #read} reads it: magic {@code 0x0800 + rank}, the
     * sizes as big-endian int32, then the payload (row-major).
     */
    public static byte[] encode(int[] dims, byte[] payload) {
        long count = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("IDX sizes must be >= 0, got " + java.util.Arrays.toString(dims));
            }
            count *= d;
        }
        if (dims.length == 0 || dims.length > 255 || count != payload.length) {
            throw new IllegalArgumentException("IDX sizes " + java.util.Arrays.toString(dims) + " need " + count
                    + " payload bytes and 1-255 dimensions, got " + payload.length + " bytes");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.putInt(0x0800 + dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(payload).array();
    }

    /** Reads and validates an IDX file whose magic must equal {@code expectedMagic}. */
    public static Array read(Path file, int expectedMagic) throws IOException {
        try (InputStream in = open(file)) {
            byte[] header = readFully(in, 4, file, "the 4-byte magic number");
            int magic = ((header[0] & 0xFF) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            if (header[0] != 0 || header[1] != 0) {
                throw new DataFormatException(file + ": not an IDX file (magic number 0x" + Integer.toHexString(magic)
                        + "; an IDX file starts with two zero bytes)");
            }
            if (magic != expectedMagic) {
                throw new DataFormatException(file + ": IDX magic number is 0x" + String.format("%08x", magic)
                        + ", expected 0x" + String.format("%08x", expectedMagic) + " ("
                        + describe(expectedMagic) + ")");
            }
            int ndim = header[3] & 0xFF;
            byte[] sizes = readFully(in, 4 * ndim, file, "the " + ndim + " dimension sizes");
            int[] dims = new int[ndim];
            long total = 1;
            for (int i = 0; i < ndim; i++) {
                dims[i] = ((sizes[4 * i] & 0xFF) << 24) | ((sizes[4 * i + 1] & 0xFF) << 16)
                        | ((sizes[4 * i + 2] & 0xFF) << 8) | (sizes[4 * i + 3] & 0xFF);
                if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                    throw new DataFormatException(file + ": dimension " + i + " has invalid size " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file + ": payload of " + total + " bytes is too large");
            }
            byte[] data = new byte[(int) total];
            int got = in.readNBytes(data, 0, data.length);
            if (got < data.length) {
                throw new DataFormatException(file + ": truncated: the header promises " + total + " payload bytes ("
                        + dimsText(dims) + ") but the file holds only " + got);
            }
            if (in.read() != -1) {
                throw new DataFormatException(file + ": has bytes after the " + total + " payload bytes the header ("
                        + dimsText(dims) + ") promises: wrong or corrupt file");
            }
            return new Array(dims, data);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataFormatException(file + ": corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    /** Reads an image file ({@code count x rows x cols}) and its label file, checking that they agree. */
    public static LabeledImages readImages(Path images, Path labels, int classes) throws IOException {
        Array img = read(images, IMAGES_MAGIC);
        Array lab = read(labels, LABELS_MAGIC);
        if (img.dims()[0] != lab.dims()[0]) {
            throw new DataFormatException("mismatched files: " + images + " holds " + img.dims()[0] + " images but "
                    + labels + " holds " + lab.dims()[0] + " labels");
        }
        int[] y = new int[lab.data().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = lab.data()[i] & 0xFF;
            if (y[i] >= classes) {
                throw new DataFormatException(labels + ": label " + y[i] + " at position " + i + " is not a class 0.." + (classes - 1));
            }
        }
        return new LabeledImages(img.dims()[0], 1, img.dims()[1], img.dims()[2], img.data(), y, classes);
    }

    /** {@code dir/base}, or {@code dir/base.gz} when only that exists. */
    public static Path find(Path dir, String base) throws IOException {
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new java.nio.file.NoSuchFileException(raw + " (nor " + gz.getFileName() + ")");
    }

    static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    private static byte[] readFully(InputStream in, int n, Path file, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new DataFormatException(file + ": truncated: ends inside " + what + " (" + b.length + " of " + n + " bytes)");
        }
        return b;
    }

    private static String describe(int magic) {
        return magic == IMAGES_MAGIC ? "unsigned-byte images, 3 dimensions"
                : magic == LABELS_MAGIC ? "unsigned-byte labels, 1 dimension" : "IDX";
    }

    private static String dimsText(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : " x ").append(dims[i]);
        }
        return s.toString();
    }
}
