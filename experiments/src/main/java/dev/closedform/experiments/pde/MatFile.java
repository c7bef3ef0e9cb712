package dev.closedform.experiments.pde;

import dev.closedform.data.DataFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A minimal reader of MAT-files. MATLAB level-5 MAT-files (the format of {@code save -v7} and older,
 * as written by MATLAB and {@code scipy.io.savemat}) are read here: numeric matrices of any real class (stored as any numeric
 * MAT type, e.g. doubles saved compactly as uint8), in plain or zlib-compressed
 * ({@code miCOMPRESSED}) elements, either byte order. Other variables (cells, structs, chars,
 * sparse, complex) are skipped. The file is streamed, so subsampling keeps only the selected
 * values in memory (the FNO Darcy file holds 2 x 1.45 GB of doubles).
 *
 * <p>MAT-file version 7.3 ({@code save -v7.3}: an HDF5 file after a 512-byte MATLAB text block) and
 * plain HDF5 files are recognised by the HDF5 signature (at offset 0, 512, 1024, ...) and read by
 * {@link MatFileV73} into the same {@link MatArray}s, same shapes and order.
 */
public final class MatFile {

    private MatFile() {}

    /**
     * A numeric variable converted to double, in C (row-major) order, after subsampling.
     *
     * @param name  variable name
     * @param shape dimensions (MATLAB's, in the same order, as {@code scipy.io.loadmat} gives them)
     * @param data  values, row-major
     */
    public record MatArray(String name, int[] shape, double[] data) {
        @Override
        public String toString() {
            return "MatArray[" + name + " " + Arrays.toString(shape) + "]";
        }
    }

    private static final int MI_INT8 = 1, MI_UINT8 = 2, MI_INT16 = 3, MI_UINT16 = 4, MI_INT32 = 5, MI_UINT32 = 6,
            MI_SINGLE = 7, MI_DOUBLE = 9, MI_INT64 = 12, MI_UINT64 = 13, MI_MATRIX = 14, MI_COMPRESSED = 15;

    /** Reads every numeric variable in full. */
    public static LinkedHashMap<String, MatArray> read(Path file) throws IOException {
        return read(file, null, 1, Integer.MAX_VALUE);
    }

    /**
     * Reads numeric variables, subsampling arrays of rank >= 2: the first index (the sample) is kept up
     * to {@code maxSamples}, every other index is taken every {@code sub}-th value (starting at 0), like
     * NumPy's {@code x[:maxSamples, ::sub, ::sub]}. Rank-1 (and 1 x n) variables are read whole.
     *
     * @param names      variables to read (null: all)
     * @param sub        stride of the grid dimensions (>= 1)
     * @param maxSamples cap on the first dimension
     * @throws DataFormatException if the file is neither a level-5 nor a v7.3 (HDF5) MAT-file, is damaged,
     *                             or a variable asked for by name is not a real numeric array
     */
    public static LinkedHashMap<String, MatArray> read(Path file, Set<String> names, int sub, int maxSamples)
            throws IOException {
        if (sub < 1 || maxSamples < 1) {
            throw new IllegalArgumentException("--sub and the sample cap must be >= 1, got " + sub + ", " + maxSamples);
        }
        if (MatFileV73.hdf5Offset(file) >= 0) {
            return MatFileV73.read(file, names, sub, maxSamples);
        }
        LinkedHashMap<String, MatArray> out = new LinkedHashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] header = new byte[128];
            int got = raw.readNBytes(header, 0, 128);
            String text = new String(header, 0, Math.min(got, 116), StandardCharsets.US_ASCII);
            if (text.startsWith("MATLAB 7.3")) {
                throw new DataFormatException(file + ": MATLAB v7.3 header but no HDF5 superblock signature after it "
                        + "(truncated or corrupt file)");
            }
            if (got < 128 || !text.startsWith("MATLAB 5.0 MAT-file")) {
                throw new DataFormatException(file + ": not a MATLAB level-5 MAT-file (header '"
                        + text.substring(0, Math.min(20, text.length())).replaceAll("\\p{Cntrl}", "?") + "')");
            }
            ByteOrder order;
            if (header[126] == 'I' && header[127] == 'M') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (header[126] == 'M' && header[127] == 'I') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                throw new DataFormatException(file + ": bad endian indicator in the MAT-file header");
            }
            byte[] tb = new byte[8];
            while (true) {
                int r = raw.readNBytes(tb, 0, 8);
                if (r == 0) {
                    break;
                }
                if (r < 8) {
                    throw new DataFormatException(file + ": truncated MAT-file (in an element tag)");
                }
                ByteBuffer tbb = ByteBuffer.wrap(tb).order(order);
                int first = tbb.getInt();
                if ((first >>> 16) != 0) { // small element at top level: nothing for us
                    continue;
                }
                int type = first;
                long nbytes = tbb.getInt() & 0xffffffffL;
                if (type == MI_COMPRESSED) {
                    Bounded bounded = new Bounded(raw, nbytes);
                    Inflater inflater = new Inflater();
                    try {
                        Reader inner = new Reader(new BufferedInputStream(new InflaterInputStream(bounded, inflater, 1 << 16), 1 << 16),
                                order, file.toString());
                        int[] t = inner.tag();
                        if (t[0] == MI_MATRIX) {
                            matrix(inner, t[1] & 0xffffffffL, names, sub, maxSamples, out);
                        }
                    } catch (java.util.zip.ZipException e) {
                        throw new DataFormatException(file + ": corrupt compressed element: " + e.getMessage(), e);
                    } finally {
                        inflater.end();
                    }
                    bounded.drain();
                } else if (type == MI_MATRIX) {
                    Bounded bounded = new Bounded(raw, nbytes);
                    matrix(new Reader(bounded, order, file.toString()), nbytes, names, sub, maxSamples, out);
                    bounded.drain();
                    skipFully(raw, pad(nbytes), file);
                } else {
                    skipFully(raw, nbytes + pad(nbytes), file);
                }
            }
        }
        return out;
    }

    private static void skipFully(InputStream in, long n, Path file) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new DataFormatException(file + ": truncated MAT-file", e);
        }
    }

    private static long pad(long n) {
        return (8 - n % 8) % 8;
    }

    private static void matrix(Reader in, long nbytes, Set<String> names, int sub, int maxSamples,
            LinkedHashMap<String, MatArray> out) throws IOException {
        // array flags
        int[] t = in.tag();
        byte[] flags = in.bytes(t[1]);
        in.skip(t[2] == 1 ? 4 - t[1] : pad(t[1]));
        int flagWord = ByteBuffer.wrap(flags, 0, 4).order(in.order).getInt();
        int cls = flagWord & 0xff;
        boolean complex = (flagWord & 0x0800) != 0;
        // dimensions
        t = in.tag();
        if (t[0] != MI_INT32) {
            throw new DataFormatException(in.file + ": bad dimensions element in a MAT-file matrix");
        }
        byte[] db = in.bytes(t[1]);
        in.skip(t[2] == 1 ? 4 - t[1] : pad(t[1]));
        int[] dims = new int[t[1] / 4];
        ByteBuffer bb = ByteBuffer.wrap(db).order(in.order);
        for (int i = 0; i < dims.length; i++) {
            dims[i] = bb.getInt();
        }
        // name
        t = in.tag();
        byte[] nb = in.bytes(t[1]);
        in.skip(t[2] == 1 ? 4 - t[1] : pad(t[1]));
        String name = new String(nb, StandardCharsets.US_ASCII);
        boolean numeric = cls >= 6 && cls <= 15;
        if (names != null && !names.contains(name)) {
            return; // the caller drains the rest of the element
        }
        if (!numeric || complex) {
            if (names != null) { // asked for by name: say why it cannot be used
                throw new DataFormatException(in.file + ": variable '" + name + "' is " + (complex ? "complex" : "not a numeric array")
                        + " (MATLAB class " + cls + "); expected a real numeric array");
            }
            return;
        }
        // real part
        t = in.tag();
        int type = t[0];
        long count = 1;
        for (int d : dims) {
            count *= d;
        }
        int size = switch (type) {
            case MI_INT8, MI_UINT8 -> 1;
            case MI_INT16, MI_UINT16 -> 2;
            case MI_INT32, MI_UINT32, MI_SINGLE -> 4;
            case MI_DOUBLE, MI_INT64, MI_UINT64 -> 8;
            default -> throw new DataFormatException(in.file + ": variable '" + name + "' has unsupported data type " + type);
        };
        if ((t[1] & 0xffffffffL) != count * size) {
            throw new DataFormatException(in.file + ": variable '" + name + "' holds " + (t[1] & 0xffffffffL)
                    + " bytes, expected " + count * size);
        }
        Selection sel = new Selection(in.file, name, dims, dims, sub, maxSamples);
        for (long e = 0; e < count; e++) {
            sel.accept(in.value(type));
        }
        out.put(name, sel.result());
    }

    /**
     * The subsampling of one variable: output shape, and the placement of values that arrive in
     * MATLAB's column-major order (first index fastest) into the C-order output. Shared by the
     * level-5 and the v7.3 (HDF5) readers.
     */
    static final class Selection {
        private final String name;
        private final int[] extent;
        private final int[] shape;
        private final int[] stride;
        private final long[] outStride;
        private final double[] data;
        private final int[] idx;

        /**
         * @param dims   the variable's MATLAB dimensions
         * @param extent the index ranges the values will cover, in column-major order (dims, or dims with
         *               a smaller first entry when the caller reads only the kept samples)
         */
        Selection(String file, String name, int[] dims, int[] extent, int sub, int maxSamples) throws DataFormatException {
            this.name = name;
            this.extent = extent;
            int rank = dims.length;
            boolean vector = rank <= 2 && (rank == 1 || dims[0] == 1);
            shape = new int[rank];
            stride = new int[rank];
            for (int k = 0; k < rank; k++) {
                if (vector) {
                    shape[k] = dims[k];
                    stride[k] = 1;
                } else if (k == 0) {
                    shape[k] = Math.min(dims[0], maxSamples);
                    stride[k] = 1;
                } else {
                    shape[k] = (dims[k] + sub - 1) / sub;
                    stride[k] = sub;
                }
            }
            long total = 1;
            for (int d : shape) {
                total *= d;
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new DataFormatException(file + ": variable '" + name + "' is too large after subsampling "
                        + Arrays.toString(shape) + "; use a larger --sub or fewer samples");
            }
            outStride = new long[rank];
            long s = 1;
            for (int k = rank - 1; k >= 0; k--) {
                outStride[k] = s;
                s *= shape[k];
            }
            data = new double[(int) total];
            idx = new int[rank];
        }

        /** The number of leading samples kept (the first dimension of the result). */
        int keptFirst() {
            return shape.length == 0 ? 1 : shape[0];
        }

        /** The next value in column-major order over {@code extent}. */
        void accept(double v) {
            int rank = idx.length;
            boolean keep = true;
            long o = 0;
            for (int k = 0; k < rank; k++) {
                int i = idx[k];
                if (i % stride[k] != 0 || i / stride[k] >= shape[k]) {
                    keep = false;
                    break;
                }
                o += (i / stride[k]) * outStride[k];
            }
            if (keep) {
                data[(int) o] = v;
            }
            for (int k = 0; k < rank; k++) {
                if (++idx[k] < extent[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }

        MatArray result() {
            return new MatArray(name, shape, data);
        }
    }

    /** Little/big-endian element reader with a read buffer. */
    private static final class Reader {
        final InputStream in;
        final ByteOrder order;
        final String file;
        final ByteBuffer buf;

        Reader(InputStream in, ByteOrder order, String file) {
            this.in = in;
            this.order = order;
            this.file = file;
            buf = ByteBuffer.allocate(1 << 16).order(order);
            buf.limit(0);
        }

        private void need(int n) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            buf.compact();
            while (buf.position() < n) {
                int r = in.read(buf.array(), buf.position(), buf.capacity() - buf.position());
                if (r < 0) {
                    buf.flip();
                    throw new EOFException();
                }
                buf.position(buf.position() + r);
            }
            buf.flip();
        }

        int[] tag() throws IOException {
            try {
                need(4);
                int first = buf.getInt();
                if ((first >>> 16) != 0) {
                    return new int[] {first & 0xffff, first >>> 16, 1};
                }
                need(4);
                return new int[] {first, buf.getInt(), 0};
            } catch (EOFException e) {
                throw new DataFormatException(file + ": truncated MAT-file (in an element tag)", e);
            }
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = new byte[n];
            try {
                need(n);
            } catch (EOFException e) {
                throw new DataFormatException(file + ": truncated MAT-file", e);
            }
            buf.get(b);
            return b;
        }

        void skip(long n) throws IOException {
            while (n > 0) {
                if (buf.remaining() == 0) {
                    try {
                        need(1);
                    } catch (EOFException e) {
                        throw new DataFormatException(file + ": truncated MAT-file", e);
                    }
                }
                int k = (int) Math.min(n, buf.remaining());
                buf.position(buf.position() + k);
                n -= k;
            }
        }

        double value(int type) throws IOException {
            try {
                return switch (type) {
                    case MI_INT8 -> { need(1); yield buf.get(); }
                    case MI_UINT8 -> { need(1); yield buf.get() & 0xff; }
                    case MI_INT16 -> { need(2); yield buf.getShort(); }
                    case MI_UINT16 -> { need(2); yield buf.getShort() & 0xffff; }
                    case MI_INT32 -> { need(4); yield buf.getInt(); }
                    case MI_UINT32 -> { need(4); yield buf.getInt() & 0xffffffffL; }
                    case MI_SINGLE -> { need(4); yield buf.getFloat(); }
                    case MI_DOUBLE -> { need(8); yield buf.getDouble(); }
                    case MI_INT64 -> { need(8); yield (double) buf.getLong(); }
                    case MI_UINT64 -> {
                        need(8);
                        long v = buf.getLong();
                        yield v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1);
                    }
                    default -> throw new DataFormatException(file + ": unsupported data type " + type);
                };
            } catch (EOFException e) {
                throw new DataFormatException(file + ": truncated MAT-file (in variable data)", e);
            }
        }
    }

    /** A view of the next n bytes of a stream; {@link #drain()} skips what was not read. */
    private static final class Bounded extends FilterInputStream {
        long left;

        Bounded(InputStream in, long n) {
            super(in);
            left = n;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int r = in.read();
            if (r >= 0) {
                left--;
            }
            return r;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r > 0) {
                left -= r;
            }
            return r;
        }

        @Override
        public void close() {
            // never close the underlying file stream
        }

        void drain() throws IOException {
            while (left > 0) {
                long k = in.skip(left);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new DataFormatException("truncated MAT-file (element shorter than its tag says)");
                    }
                    k = 1;
                }
                left -= k;
            }
        }
    }
}
