package dev.closedform.data;

import dev.closedform.engine.EngineSettings;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0 on read; 1.0 on
 * write, 2.0 only if the header does not fit 1.0).
 *
 * <p>Layout: magic {@code \x93NUMPY}, major and minor version bytes, header length (uint16 LE in
 * 1.0, uint32 LE in 2.0/3.0), then an ASCII Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and
 * terminated by {@code \n} so that the data starts at a multiple of 64 bytes, then the raw C-order
 * data. Written headers match NumPy's byte for byte (including NumPy's spare spaces for in-place
 * growth of the first axis). Supported element types: {@code f4, f8, i4, i8}, little-endian, and
 * big-endian on read. Fortran-order arrays are rejected.
 */
public final class Npy {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    // NumPy leaves room so the first dimension can grow to 21 digits without rewriting the file.
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int CHUNK = 1 << 16;

    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern DESCR_ANY = Pattern.compile("['\"]descr['\"]\\s*:\\s*([^,]*)");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * @param path a {@code .npy} file
     * @return the array
     * @throws IOException         on I/O failure
     * @throws DataFormatException if the content is not a supported .npy array (message names the file)
     */
    public static NpyArray read(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), CHUNK)) {
            return read(in, path.toString());
        }
    }

    /**
     * @param in a stream positioned at the magic string; not closed
     * @return the array
     * @throws IOException on I/O failure
     */
    public static NpyArray read(InputStream in) throws IOException {
        return read(in, "<stream>");
    }

    /**
     * @param in         a stream positioned at the magic string; not closed; exactly the array is consumed
     * @param sourceName name used in error messages (file or zip entry)
     * @return the array
     * @throws IOException         on I/O failure
     * @throws DataFormatException if the content is not a supported .npy array
     */
    public static NpyArray read(InputStream in, String sourceName) throws IOException {
        byte[] pre = new byte[MAGIC.length + 2];
        int got = readFully(in, pre, 0, pre.length);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= got || pre[i] != MAGIC[i]) {
                throw new DataFormatException(sourceName + ": not a .npy file (bad magic: expected \\x93NUMPY, got "
                        + printable(pre, got) + ")");
            }
        }
        if (got < pre.length) {
            throw truncated(sourceName, "version bytes", pre.length, got);
        }
        int major = pre[6] & 0xff;
        int minor = pre[7] & 0xff;
        int lenBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new DataFormatException(sourceName + ": unsupported .npy format version "
                    + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        };
        byte[] lb = new byte[lenBytes];
        got = readFully(in, lb, 0, lenBytes);
        if (got < lenBytes) {
            throw truncated(sourceName, "header length", lenBytes, got);
        }
        ByteBuffer lbb = ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = lenBytes == 2 ? (lbb.getShort() & 0xffff) : (lbb.getInt() & 0xffffffffL);
        if (headerLen > 1 << 24) {
            throw new DataFormatException(sourceName + ": implausible .npy header length " + headerLen);
        }
        byte[] hb = new byte[(int) headerLen];
        got = readFully(in, hb, 0, hb.length);
        if (got < hb.length) {
            throw truncated(sourceName, "header", hb.length, got);
        }
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = parseHeader(header, sourceName);
        return readData(in, h, sourceName);
    }

    private record Header(NpyArray.DType dtype, ByteOrder order, long[] shape, boolean fortranOrder) {}

    private static Header parseHeader(String header, String src) {
        Matcher m = DESCR.matcher(header);
        if (!m.find()) {
            Matcher any = DESCR_ANY.matcher(header);
            if (any.find()) {
                throw new DataFormatException(src + ": unsupported dtype " + any.group(1).trim()
                        + " (supported: <f4, <f8, <i4, <i8 and their big-endian '>' forms)");
            }
            throw new DataFormatException(src + ": .npy header has no 'descr': " + header.trim());
        }
        String descr = m.group(1);
        ByteOrder order;
        NpyArray.DType dtype = null;
        if (descr.length() >= 3 && (descr.charAt(0) == '<' || descr.charAt(0) == '>')) {
            order = descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            try {
                dtype = NpyArray.DType.of(descr.charAt(1), Integer.parseInt(descr.substring(2)));
            } catch (NumberFormatException e) {
                dtype = null;
            }
        } else {
            order = ByteOrder.LITTLE_ENDIAN;
        }
        if (dtype == null) {
            throw new DataFormatException(src + ": unsupported dtype '" + descr
                    + "' (supported: <f4, <f8, <i4, <i8 and their big-endian '>' forms)");
        }
        Matcher f = FORTRAN.matcher(header);
        if (!f.find()) {
            throw new DataFormatException(src + ": .npy header has no 'fortran_order': " + header.trim());
        }
        if (!f.group(1).equals("False") && !f.group(1).equals("True")) {
            throw new DataFormatException(src + ": fortran_order must be True or False, got " + f.group(1));
        }
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) {
            throw new DataFormatException(src + ": .npy header has no valid 'shape': " + header.trim());
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            String t = part.trim();
            if (t.endsWith("L")) { // Python 2 long literals
                t = t.substring(0, t.length() - 1);
            }
            if (t.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(t);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new DataFormatException(src + ": bad dimension '" + t + "' in shape (" + s.group(1) + ")");
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return new Header(dtype, order, shape, f.group(1).equals("True"));
    }

    private static NpyArray readData(InputStream in, Header h, String src) throws IOException {
        long n = 1;
        for (long d : h.shape) {
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(src + ": array with " + n + " elements exceeds a Java array");
        }
        int count = (int) n;
        int size = h.dtype.size();
        long expectedBytes = n * size;
        Object data = switch (h.dtype) {
            case FLOAT32 -> new float[count];
            case FLOAT64 -> new double[count];
            case INT32 -> new int[count];
            case INT64 -> new long[count];
        };
        byte[] buf = new byte[CHUNK]; // multiple of every element size
        ByteBuffer bb = ByteBuffer.wrap(buf).order(h.order);
        int done = 0; // elements decoded so far
        long bytesRead = 0;
        while (done < count) {
            int want = (int) Math.min(CHUNK, (long) (count - done) * size);
            int got = readFully(in, buf, 0, want);
            bytesRead += got;
            if (got < want) {
                throw new DataFormatException(src + ": truncated payload: expected " + expectedBytes
                        + " data bytes for shape " + java.util.Arrays.toString(h.shape) + " " + h.dtype
                        + ", got " + bytesRead);
            }
            int k = want / size;
            bb.clear();
            switch (h.dtype) {
                case FLOAT32 -> bb.asFloatBuffer().get((float[]) data, done, k);
                case FLOAT64 -> bb.asDoubleBuffer().get((double[]) data, done, k);
                case INT32 -> bb.asIntBuffer().get((int[]) data, done, k);
                case INT64 -> bb.asLongBuffer().get((long[]) data, done, k);
                default -> throw new AssertionError();
            }
            done += k;
        }
        // column-major payloads (what pandas' to_numpy() gives for a frame) are stored row-major, as every array here
        return new NpyArray(h.shape, h.dtype, h.fortranOrder ? toRowMajor(data, h.shape) : data);
    }

    /** The elements of a column-major array in row-major (C) order. */
    private static Object toRowMajor(Object data, long[] shape) {
        int n = java.lang.reflect.Array.getLength(data);
        if (shape.length < 2 || n == 0) {
            return data;
        }
        Object out = java.lang.reflect.Array.newInstance(data.getClass().getComponentType(), n);
        int[] index = new int[shape.length]; // the row-major index of element c, last axis fastest
        long[] fortranStride = new long[shape.length];
        long stride = 1;
        for (int a = 0; a < shape.length; a++) {
            fortranStride[a] = stride;
            stride *= shape[a];
        }
        for (int c = 0; c < n; c++) {
            long f = 0;
            for (int a = 0; a < shape.length; a++) {
                f += index[a] * fortranStride[a];
            }
            System.arraycopy(data, (int) f, out, c, 1);
            for (int a = shape.length - 1; a >= 0 && ++index[a] == shape[a]; a--) {
                index[a] = 0;
            }
        }
        return out;
    }

    /**
     * Atomically writes {@code array} to {@code path} (see {@link AtomicFiles}).
     *
     * @param path  destination
     * @param array the array
     * @throws IOException on failure; an existing file is then left unchanged
     */
    public static void write(Path path, NpyArray array) throws IOException {
        AtomicFiles.write(path, out -> write(out, array));
    }

    /**
     * Writes {@code array} in .npy format; the stream is not closed.
     *
     * @param out   destination
     * @param array the array
     * @throws IOException on failure
     */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        out.write(header(array));
        int size = array.dtype().size();
        int count = array.size();
        byte[] buf = new byte[CHUNK];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < count) {
            int k = Math.min(CHUNK / size, count - done);
            bb.clear();
            switch (array.dtype()) {
                case FLOAT32 -> bb.asFloatBuffer().put((float[]) array.data(), done, k);
                case FLOAT64 -> bb.asDoubleBuffer().put((double[]) array.data(), done, k);
                case INT32 -> bb.asIntBuffer().put((int[]) array.data(), done, k);
                case INT64 -> bb.asLongBuffer().put((long[]) array.data(), done, k);
                default -> throw new AssertionError();
            }
            out.write(buf, 0, k * size);
            done += k;
        }
    }

    /**
     * The dict literal NumPy writes for this array, without padding, e.g.
     * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3,), }}.
     *
     * @param array the array
     * @return the dict text
     */
    static String headerDict(NpyArray array) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(array.dtype().descr())
                .append("', 'fortran_order': False, 'shape': (");
        long[] shape = array.shape();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(','); // Python's 1-tuple
        }
        return sb.append("), }").toString();
    }

    /** Magic, version, length and padded header: everything before the data. */
    static byte[] header(NpyArray array) {
        StringBuilder h = new StringBuilder(headerDict(array));
        long[] shape = array.shape();
        if (shape.length > 0) {
            h.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        int lenBytes = 2;
        int major = 1;
        int total = pad(h.length() + 1, 8 + lenBytes);
        if (total - 8 - lenBytes > 0xffff) {
            lenBytes = 4;
            major = 2;
            total = pad(h.length() + 1, 8 + lenBytes);
        }
        int headerLen = total - 8 - lenBytes;
        h.append(" ".repeat(headerLen - 1 - h.length())).append('\n');
        ByteBuffer bb = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) major).put((byte) 0);
        if (lenBytes == 2) {
            bb.putShort((short) headerLen);
        } else {
            bb.putInt(headerLen);
        }
        bb.put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        return bb.array();
    }

    private static int pad(int textLen, int prefix) {
        // Like NumPy: always at least one pad byte before '\n' is counted, so an exact multiple
        // still gets a full extra block (padlen in 1..64).
        int raw = prefix + textLen;
        return (raw / ALIGN + 1) * ALIGN;
    }

    /** Reads until {@code len} bytes or end of stream; returns the number read. */
    static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, off + n, len - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private static DataFormatException truncated(String src, String what, long expected, long got) {
        return new DataFormatException(src + ": truncated .npy " + what + ": expected " + expected
                + " bytes, got " + got, new EOFException());
    }

    private static String printable(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, MAGIC.length); i++) {
            int c = b[i] & 0xff;
            if (c >= 32 && c < 127) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return n == 0 ? "empty input" : "'" + sb + "'";
    }
}
