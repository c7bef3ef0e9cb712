package dev.closedform.experiments.pde;

import dev.closedform.data.DataFormatException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * MATLAB v7.3 MAT-files ({@code save -v7.3}), read with the pure-Java HDF5 library jhdf. Such a file
 * is an HDF5 file behind a 512-byte user block that holds MATLAB's text header; every variable is a
 * dataset in the root group with an attribute {@code MATLAB_class} ({@code double}, {@code single},
 * {@code char}, {@code struct}, ...). Plain HDF5 files without that attribute (e.g. written by h5py)
 * are read the same way.
 *
 * <p><b>Order.</b> MATLAB stores arrays column-major and writes an array of size
 * {@code [d0, d1, ..., dk]} as a dataset of HDF5 dimensions {@code [dk, ..., d1, d0]}; the bytes are
 * the same as MATLAB's. Read row-major, HDF5 element {@code [j0, ..., jk]} is MATLAB's
 * {@code A(jk, ..., j0)}: the dataset is the transpose (all axes reversed) of the array, which is why
 * the FNO Python code permutes the axes of what h5py returns. Here the values arrive in exactly the
 * order of the level-5 reader (MATLAB's first index fastest) and go through the same
 * {@link MatFile.Selection}, so both formats give the array of MATLAB's shape, samples first, C order.
 *
 * <p>Large datasets (the FNO Darcy file holds 2 x 1.45 GB) are read in slabs along HDF5's first
 * dimension (MATLAB's last), keeping only the requested samples, so memory stays near the output.
 */
final class MatFileV73 {

    /** Datasets of at most this many elements are read in one call; larger ones in slabs of about this size. */
    static final long BLOCK_ELEMENTS = 1L << 23;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private MatFileV73() {}

    /**
     * The offset of the HDF5 superblock signature (0, 512, 1024, 2048, ... as the HDF5 format allows
     * after a user block), or -1 if the file has none.
     */
    static long hdf5Offset(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer b = ByteBuffer.allocate(SIGNATURE.length);
            for (long at = 0; at + SIGNATURE.length <= size; at = at == 0 ? 512 : at * 2) {
                b.clear();
                while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
                    // read the 8 bytes
                }
                if (!b.hasRemaining() && Arrays.equals(b.array(), SIGNATURE)) {
                    return at;
                }
            }
        }
        return -1;
    }

    /** As {@link MatFile#read(Path, Set, int, int)}, for an HDF5 (v7.3) file. */
    static LinkedHashMap<String, MatFile.MatArray> read(Path file, Set<String> names, int sub, int maxSamples)
            throws IOException {
        return read(file, names, sub, maxSamples, BLOCK_ELEMENTS);
    }

    static LinkedHashMap<String, MatFile.MatArray> read(Path file, Set<String> names, int sub, int maxSamples,
            long blockElements) throws IOException {
        LinkedHashMap<String, MatFile.MatArray> out = new LinkedHashMap<>();
        try (HdfFile h = new HdfFile(file)) {
            for (Node node : h) {
                String name = node.getName();
                if (names != null && !names.contains(name)) {
                    continue;
                }
                String problem = unusable(node);
                if (problem != null) {
                    if (names != null) { // asked for by name: say why it cannot be used
                        throw new DataFormatException(file + ": variable '" + name + "' is " + problem
                                + "; expected a real numeric array (MATLAB double or single)");
                    }
                    continue;
                }
                out.put(name, readDataset(file, (Dataset) node, sub, maxSamples, blockElements));
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) { // jhdf reports damage as HdfException, buffer or argument errors
            throw new DataFormatException(file + ": cannot read it as a MATLAB v7.3 (HDF5) MAT-file, truncated or corrupt? ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        return out;
    }

    /** Why a root-group node is not a real numeric array, or null if it is one. */
    private static String unusable(Node node) {
        if (!(node instanceof Dataset d)) {
            return "a " + (node.isGroup() ? "group (MATLAB struct, sparse or object)" : node.getType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        String cls = matlabClass(d);
        if (d.getAttribute("MATLAB_empty") != null) {
            return "an empty MATLAB array" + (cls == null ? "" : " of class " + cls);
        }
        if (d.isCompound()) {
            return "complex or compound (HDF5 compound type" + (cls == null ? "" : ", MATLAB class " + cls) + ")";
        }
        DataType t = d.getDataType();
        if (!(t instanceof FloatingPoint) && !(t instanceof FixedPoint)) {
            return "not numeric (HDF5 type " + t.getClass().getSimpleName() + (cls == null ? "" : ", MATLAB class " + cls) + ")";
        }
        if (cls != null && !NUMERIC_CLASSES.contains(cls)) {
            return "of MATLAB class " + cls;
        }
        return null;
    }

    private static final Set<String> NUMERIC_CLASSES = Set.of("double", "single", "int8", "uint8", "int16", "uint16",
            "int32", "uint32", "int64", "uint64", "logical");

    private static String matlabClass(Dataset d) {
        Attribute a = d.getAttribute("MATLAB_class");
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String[] arr && arr.length > 0) {
            v = arr[0];
        }
        return v == null ? null : v.toString().trim();
    }

    private static MatFile.MatArray readDataset(Path file, Dataset d, int sub, int maxSamples, long blockElements)
            throws DataFormatException {
        String name = d.getName();
        int[] hdims = d.isScalar() ? new int[] {1, 1} : d.getDimensions();
        int rank = hdims.length;
        int[] dims = new int[rank]; // MATLAB's
        for (int k = 0; k < rank; k++) {
            dims[k] = hdims[rank - 1 - k];
        }
        long count = 1;
        for (int v : dims) {
            count *= v;
        }
        if (d.isScalar() || count <= blockElements || rank < 2) {
            MatFile.Selection sel = new MatFile.Selection(file.toString(), name, dims, dims, sub, maxSamples);
            feed(d.isScalar() ? d.getData() : d.getDataFlat(), sel, file, name);
            return sel.result();
        }
        // slabs along HDF5 dimension 0 (MATLAB's last), only the kept samples (HDF5's last dimension)
        int[] extent = dims.clone();
        MatFile.Selection probe = new MatFile.Selection(file.toString(), name, dims, dims, sub, maxSamples);
        extent[0] = probe.keptFirst();
        MatFile.Selection sel = new MatFile.Selection(file.toString(), name, dims, extent, sub, maxSamples);
        long perRow = count / hdims[0] / dims[0] * extent[0];
        int rows = (int) Math.max(1, Math.min(hdims[0], blockElements / Math.max(1, perRow)));
        for (int start = 0; start < hdims[0]; start += rows) {
            int[] shape = hdims.clone();
            shape[0] = Math.min(rows, hdims[0] - start);
            shape[rank - 1] = extent[0];
            long[] offset = new long[rank];
            offset[0] = start;
            feed(d.getData(offset, shape), sel, file, name);
        }
        return sel.result();
    }

    /** Feeds a (possibly nested) Java array from jhdf to the selection, in row-major order. */
    private static void feed(Object data, MatFile.Selection sel, Path file, String name) throws DataFormatException {
        if (data instanceof double[] a) {
            for (double v : a) {
                sel.accept(v);
            }
        } else if (data instanceof float[] a) {
            for (float v : a) {
                sel.accept(v);
            }
        } else if (data instanceof long[] a) {
            for (long v : a) {
                sel.accept(v);
            }
        } else if (data instanceof int[] a) {
            for (int v : a) {
                sel.accept(v);
            }
        } else if (data instanceof short[] a) {
            for (short v : a) {
                sel.accept(v);
            }
        } else if (data instanceof byte[] a) {
            for (byte v : a) {
                sel.accept(v);
            }
        } else if (data instanceof Object[] a) {
            for (Object v : a) {
                feed(v, sel, file, name);
            }
        } else if (data instanceof Number v) {
            sel.accept(v.doubleValue());
        } else {
            throw new DataFormatException(file + ": variable '" + name + "' holds values of Java type "
                    + (data == null ? "null" : data.getClass().getSimpleName()) + ", expected numbers");
        }
    }
}
