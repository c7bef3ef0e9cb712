package dev.closedform.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array as stored in a NumPy {@code .npy} file: C-order (row-major) data with a
 * shape and an element type.
 *
 * <p>{@code data} is the primitive array matching {@code dtype}: {@code float[]} for
 * {@link DType#FLOAT32}, {@code double[]} for {@link DType#FLOAT64}, {@code int[]} for
 * {@link DType#INT32}, {@code long[]} for {@link DType#INT64}. Keeping the native type avoids
 * doubling memory for float32 data. For speed the arrays are not copied: treat them as read-only.
 * Records compare arrays by reference, so use {@link #contentEquals(NpyArray)} for value equality.
 *
 * @param shape dimensions ({@code long[0]} for a scalar); the product must equal the data length
 * @param dtype element type
 * @param data  primitive array of the element type
 */
public record NpyArray(long[] shape, DType dtype, Object data) {

    /** Element types supported for reading and writing. */
    public enum DType {
        /** 32-bit IEEE float, NumPy {@code <f4}. */
        FLOAT32('f', 4),
        /** 64-bit IEEE float, NumPy {@code <f8}. */
        FLOAT64('f', 8),
        /** 32-bit signed integer, NumPy {@code <i4}. */
        INT32('i', 4),
        /** 64-bit signed integer, NumPy {@code <i8}. */
        INT64('i', 8);

        private final char kind;
        private final int size;

        DType(char kind, int size) {
            this.kind = kind;
            this.size = size;
        }

        /** @return bytes per element */
        public int size() {
            return size;
        }

        /** @return little-endian NumPy descr string, e.g. {@code <f4} */
        public String descr() {
            return "<" + kind + size;
        }

        /**
         * @param kind NumPy kind character ('f' or 'i')
         * @param size bytes per element
         * @return the type, or null if unsupported
         */
        static DType of(char kind, int size) {
            for (DType t : values()) {
                if (t.kind == kind && t.size == size) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Validates that shape and data agree. */
    public NpyArray {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        int len;
        switch (dtype) {
            case FLOAT32 -> len = ((float[]) requireType(data, float[].class, dtype)).length;
            case FLOAT64 -> len = ((double[]) requireType(data, double[].class, dtype)).length;
            case INT32 -> len = ((int[]) requireType(data, int[].class, dtype)).length;
            case INT64 -> len = ((long[]) requireType(data, long[].class, dtype)).length;
            default -> throw new AssertionError(dtype);
        }
        if (len != n) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements but data has " + len);
        }
    }

    private static Object requireType(Object data, Class<?> type, DType dtype) {
        if (!type.isInstance(data)) {
            throw new IllegalArgumentException("dtype " + dtype + " needs data of type " + type.getSimpleName()
                    + ", got " + data.getClass().getSimpleName());
        }
        return data;
    }

    /**
     * @param data  values (not copied)
     * @param shape dimensions
     * @return a float32 array
     */
    public static NpyArray of(float[] data, long... shape) {
        return new NpyArray(shape, DType.FLOAT32, data);
    }

    /**
     * @param data  values (not copied)
     * @param shape dimensions
     * @return a float64 array
     */
    public static NpyArray of(double[] data, long... shape) {
        return new NpyArray(shape, DType.FLOAT64, data);
    }

    /**
     * @param data  values (not copied)
     * @param shape dimensions
     * @return an int32 array
     */
    public static NpyArray of(int[] data, long... shape) {
        return new NpyArray(shape, DType.INT32, data);
    }

    /**
     * @param data  values (not copied)
     * @param shape dimensions
     * @return an int64 array
     */
    public static NpyArray of(long[] data, long... shape) {
        return new NpyArray(shape, DType.INT64, data);
    }

    /** @return number of elements (product of the shape; 1 for a scalar) */
    public int size() {
        return switch (dtype) {
            case FLOAT32 -> ((float[]) data).length;
            case FLOAT64 -> ((double[]) data).length;
            case INT32 -> ((int[]) data).length;
            case INT64 -> ((long[]) data).length;
        };
    }

    /** @return the shape as ints (for DJL's {@code Shape} or Java arrays) */
    public int[] intShape() {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(shape[i]);
        }
        return s;
    }

    /** @return the values converted to double (int64 beyond 2^53 loses precision) */
    public double[] toDoubleArray() {
        return switch (dtype) {
            case FLOAT64 -> ((double[]) data).clone();
            case FLOAT32 -> {
                float[] f = (float[]) data;
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                yield d;
            }
            case INT32 -> Arrays.stream((int[]) data).asDoubleStream().toArray();
            case INT64 -> Arrays.stream((long[]) data).asDoubleStream().toArray();
        };
    }

    /** @return the values converted to float (rounding float64 and large integers) */
    public float[] toFloatArray() {
        int n = size();
        float[] f = new float[n];
        switch (dtype) {
            case FLOAT32 -> System.arraycopy(data, 0, f, 0, n);
            case FLOAT64 -> {
                double[] d = (double[]) data;
                for (int i = 0; i < n; i++) {
                    f[i] = (float) d[i];
                }
            }
            case INT32 -> {
                int[] d = (int[]) data;
                for (int i = 0; i < n; i++) {
                    f[i] = d[i];
                }
            }
            case INT64 -> {
                long[] d = (long[]) data;
                for (int i = 0; i < n; i++) {
                    f[i] = d[i];
                }
            }
            default -> throw new AssertionError(dtype);
        }
        return f;
    }

    /**
     * @return the values as long
     * @throws IllegalStateException if the dtype is a floating type
     */
    public long[] toLongArray() {
        return switch (dtype) {
            case INT64 -> ((long[]) data).clone();
            case INT32 -> Arrays.stream((int[]) data).asLongStream().toArray();
            default -> throw new IllegalStateException("toLongArray on a " + dtype + " array; convert explicitly");
        };
    }

    /**
     * @param other another array
     * @return true if shape, dtype and all values are equal (NaN equals NaN, bitwise as in {@link Arrays#equals})
     */
    public boolean contentEquals(NpyArray other) {
        if (other == null || dtype != other.dtype || !Arrays.equals(shape, other.shape)) {
            return false;
        }
        return switch (dtype) {
            case FLOAT32 -> Arrays.equals((float[]) data, (float[]) other.data);
            case FLOAT64 -> Arrays.equals((double[]) data, (double[]) other.data);
            case INT32 -> Arrays.equals((int[]) data, (int[]) other.data);
            case INT64 -> Arrays.equals((long[]) data, (long[]) other.data);
        };
    }

    @Override
    public String toString() {
        return "NpyArray[shape=" + Arrays.toString(shape) + ", dtype=" + dtype + "]";
    }
}
