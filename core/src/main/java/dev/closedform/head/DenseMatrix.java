package dev.closedform.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A small dense, row-major {@code double} matrix: entry (i, j) lives at {@code data[i * cols + j]}.
 *
 * <p>This is the JVM-side container of the head (d x d systems, o x d weights). It deliberately
 * offers only the few operations the solvers and tests need; heavy products over many rows are done
 * on the engine (see {@link GramStatistics}). Operations return new matrices unless named
 * {@code ...InPlace}. Serializable so that shard statistics can travel (e.g. Spark).
 */
public final class DenseMatrix implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int cols;
    private final double[] data;

    private DenseMatrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** A rows x cols matrix of zeros. */
    public static DenseMatrix zeros(int rows, int cols) {
        checkDims(rows, cols);
        return new DenseMatrix(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    /** The n x n identity. */
    public static DenseMatrix identity(int n) {
        DenseMatrix m = zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = 1.0;
        }
        return m;
    }

    /** A matrix from row-major values (copied). */
    public static DenseMatrix of(int rows, int cols, double... rowMajor) {
        checkDims(rows, cols);
        if (rowMajor.length != (long) rows * cols) {
            throw new IllegalArgumentException("of(" + rows + ", " + cols + ") needs " + (long) rows * cols
                    + " values, got " + rowMajor.length);
        }
        return new DenseMatrix(rows, cols, rowMajor.clone());
    }

    /**
     * Copies a 2-D NDArray of any numeric type to the JVM as double. The cast happens on the engine
     * and the temporary is closed; the input is left untouched.
     */
    public static DenseMatrix fromNDArray(NDArray array) {
        Shape shape = array.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("fromNDArray needs a 2-D array, got shape " + shape);
        }
        int r = Math.toIntExact(shape.get(0));
        int c = Math.toIntExact(shape.get(1));
        double[] values;
        if (array.getDataType() == DataType.FLOAT64) {
            values = array.toDoubleArray();
        } else {
            try (NDArray asDouble = array.toType(DataType.FLOAT64, false)) {
                values = asDouble.toDoubleArray();
            }
        }
        return new DenseMatrix(r, c, values);
    }

    /** Creates an NDArray of shape (rows, cols) with the given data type, attached to {@code manager}. */
    public NDArray toNDArray(NDManager manager, DataType dataType) {
        NDArray asDouble = manager.create(data.clone(), new Shape(rows, cols));
        if (dataType == DataType.FLOAT64) {
            return asDouble;
        }
        try (asDouble) {
            return asDouble.toType(dataType, true);
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing row-major array (not a copy): for allocation-free loops in this package and callers that know. */
    public double[] data() {
        return data;
    }

    public DenseMatrix copy() {
        return new DenseMatrix(rows, cols, data.clone());
    }

    public double get(int i, int j) {
        checkIndex(i, j);
        return data[i * cols + j];
    }

    public void set(int i, int j, double value) {
        checkIndex(i, j);
        data[i * cols + j] = value;
    }

    public DenseMatrix transpose() {
        double[] t = new double[data.length];
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = data[base + j];
            }
        }
        return new DenseMatrix(cols, rows, t);
    }

    /** this * other, i-k-j loop order so the inner loop walks both operands contiguously. */
    public DenseMatrix times(DenseMatrix other) {
        if (cols != other.rows) {
            throw new IllegalArgumentException("times: " + shape() + " * " + other.shape() + " do not conform");
        }
        int m = other.cols;
        double[] out = new double[rows * m];
        for (int i = 0; i < rows; i++) {
            int outBase = i * m;
            for (int k = 0; k < cols; k++) {
                double a = data[i * cols + k];
                if (a == 0.0) {
                    continue;
                }
                int bBase = k * m;
                for (int j = 0; j < m; j++) {
                    out[outBase + j] += a * other.data[bBase + j];
                }
            }
        }
        return new DenseMatrix(rows, m, out);
    }

    public DenseMatrix plus(DenseMatrix other) {
        return copy().addInPlace(1.0, other);
    }

    /** this += alpha * other; returns this. */
    public DenseMatrix addInPlace(double alpha, DenseMatrix other) {
        requireSameShape("addInPlace", other);
        for (int i = 0; i < data.length; i++) {
            data[i] += alpha * other.data[i];
        }
        return this;
    }

    public DenseMatrix scale(double alpha) {
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = alpha * data[i];
        }
        return new DenseMatrix(rows, cols, out);
    }

    /** this += alpha * I (square only); returns this. */
    public DenseMatrix addToDiagonalInPlace(double alpha) {
        if (rows != cols) {
            throw new IllegalArgumentException("addToDiagonalInPlace needs a square matrix, got " + shape());
        }
        for (int i = 0; i < rows; i++) {
            data[i * cols + i] += alpha;
        }
        return this;
    }

    /** Replaces this (square) matrix by (A + A^T) / 2; returns this. */
    DenseMatrix symmetriseInPlace() {
        if (rows != cols) {
            throw new IllegalArgumentException("symmetrise needs a square matrix, got " + shape());
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (data[i * cols + j] + data[j * cols + i]);
                data[i * cols + j] = v;
                data[j * cols + i] = v;
            }
        }
        return this;
    }

    /** Whether no entry is NaN or infinite. */
    public boolean isFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public double frobeniusNorm() {
        // Scaled sum avoids overflow for large entries (the heads may see unnormalised features).
        double scale = 0.0;
        for (double v : data) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (scale == 0.0 || !Double.isFinite(scale)) {
            return scale;
        }
        double sum = 0.0;
        for (double v : data) {
            double s = v / scale;
            sum += s * s;
        }
        return scale * Math.sqrt(sum);
    }

    public double maxAbsDiff(DenseMatrix other) {
        requireSameShape("maxAbsDiff", other);
        double max = 0.0;
        for (int i = 0; i < data.length; i++) {
            double diff = Math.abs(data[i] - other.data[i]);
            if (diff > max || Double.isNaN(diff)) {
                max = diff;
            }
        }
        return max;
    }

    /** "rows x cols", for error messages. */
    public String shape() {
        return rows + "x" + cols;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DenseMatrix ").append(shape());
        if (data.length <= 64) {
            for (int i = 0; i < rows; i++) {
                sb.append(i == 0 ? " [" : ", ").append(Arrays.toString(Arrays.copyOfRange(data, i * cols, (i + 1) * cols)));
            }
            sb.append(rows > 0 ? "]" : "");
        }
        return sb.toString();
    }

    private void requireSameShape(String op, DenseMatrix other) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException(op + ": shapes differ, " + shape() + " vs " + other.shape());
        }
    }

    private void checkIndex(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + shape());
        }
    }

    private static void checkDims(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative dimensions " + rows + "x" + cols);
        }
    }

    /** rows, cols, then the values row-major: one array that {@link #unpack} turns back into this matrix (checkpoints). */
    public double[] pack() {
        double[] out = new double[2 + data.length];
        out[0] = rows;
        out[1] = cols;
        System.arraycopy(data, 0, out, 2, data.length);
        return out;
    }

    /** The matrix of {@link #pack}. */
    public static DenseMatrix unpack(double[] packed) {
        return of((int) packed[0], (int) packed[1], java.util.Arrays.copyOfRange(packed, 2, packed.length));
    }
}
