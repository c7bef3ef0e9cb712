package dev.closedform.data;

import dev.closedform.engine.EngineSettings;
import java.nio.FloatBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An immutable in-memory regression table: inputs {@code x} ({@code rows x inputDim}) and targets
 * {@code y} ({@code rows x outputDim}), both row-major float32, with column names.
 *
 * <p>The constructor copies the arrays so later changes by the caller cannot leak in;
 * {@link #x()}/{@link #y()} return copies, and {@link #xBuffer()}/{@link #yBuffer()} give read-only
 * views without copying (e.g. for {@code NDManager.create(Buffer, Shape)}).
 */
public final class RegressionData {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private final float[] x;
    private final float[] y;
    private final int rows;
    private final List<String> inputNames;
    private final List<String> targetNames;

    /**
     * @param x           inputs, row-major, length {@code rows * inputNames.size()}
     * @param y           targets, row-major, length {@code rows * targetNames.size()}
     * @param inputNames  one name per input column (unique)
     * @param targetNames one name per target column (unique, at least one)
     * @throws IllegalArgumentException if lengths and name counts do not agree
     */
    public RegressionData(float[] x, float[] y, List<String> inputNames, List<String> targetNames) {
        this(x.clone(), y.clone(), inputNames, targetNames, true);
    }

    // Trusted path for readers in this package: the arrays were freshly built and are not shared.
    private RegressionData(float[] x, float[] y, List<String> inputNames, List<String> targetNames,
                           boolean marker) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        this.inputNames = List.copyOf(Objects.requireNonNull(inputNames, "inputNames"));
        this.targetNames = List.copyOf(Objects.requireNonNull(targetNames, "targetNames"));
        if (this.targetNames.isEmpty()) {
            throw new IllegalArgumentException("targetNames must not be empty");
        }
        requireUnique(this.inputNames, this.targetNames);
        int out = this.targetNames.size();
        if (y.length % out != 0) {
            throw new IllegalArgumentException("y.length=" + y.length + " is not a multiple of outputDim="
                    + out);
        }
        this.rows = y.length / out;
        long expectedX = (long) rows * this.inputNames.size();
        if (x.length != expectedX) {
            throw new IllegalArgumentException("x.length=" + x.length + " but rows=" + rows + " (from y) x inputDim="
                    + this.inputNames.size() + " = " + expectedX);
        }
        this.x = x;
        this.y = y;
    }

    /** Wraps freshly built arrays without copying; callers must not keep or change them. */
    static RegressionData wrap(float[] x, float[] y, List<String> inputNames, List<String> targetNames) {
        return new RegressionData(x, y, inputNames, targetNames, true);
    }

    private static void requireUnique(List<String> inputs, List<String> targets) {
        var seen = new HashSet<String>();
        for (String n : inputs) {
            if (!seen.add(Objects.requireNonNull(n, "column name"))) {
                throw new IllegalArgumentException("duplicate column name '" + n + "'");
            }
        }
        for (String n : targets) {
            if (!seen.add(Objects.requireNonNull(n, "column name"))) {
                throw new IllegalArgumentException("duplicate column name '" + n + "'");
            }
        }
    }

    /** @return number of rows (samples) */
    public int rows() {
        return rows;
    }

    /** @return number of input columns */
    public int inputDim() {
        return inputNames.size();
    }

    /** @return number of target columns */
    public int outputDim() {
        return targetNames.size();
    }

    /** @return input column names (unmodifiable) */
    public List<String> inputNames() {
        return inputNames;
    }

    /** @return target column names (unmodifiable) */
    public List<String> targetNames() {
        return targetNames;
    }

    /** @return a copy of the inputs, row-major {@code rows x inputDim} */
    public float[] x() {
        return x.clone();
    }

    /** @return a copy of the targets, row-major {@code rows x outputDim} */
    public float[] y() {
        return y.clone();
    }

    /** @return a read-only view of the inputs (no copy), positioned at 0 */
    public FloatBuffer xBuffer() {
        return FloatBuffer.wrap(x).asReadOnlyBuffer();
    }

    /** @return a read-only view of the targets (no copy), positioned at 0 */
    public FloatBuffer yBuffer() {
        return FloatBuffer.wrap(y).asReadOnlyBuffer();
    }

    /**
     * @param row 0-based row
     * @param col 0-based input column
     * @return the input value
     */
    public float x(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, inputDim());
        return x[row * inputDim() + col];
    }

    /**
     * @param row 0-based row
     * @param col 0-based target column
     * @return the target value
     */
    public float y(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, outputDim());
        return y[row * outputDim() + col];
    }

    /**
     * Selects rows in the given order; repeated indices are allowed (e.g. bootstrap samples).
     *
     * @param rowIndices 0-based row indices
     * @return a new table with {@code rowIndices.length} rows
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, rows)}
     */
    public RegressionData subset(int[] rowIndices) {
        int in = inputDim();
        int out = outputDim();
        float[] nx = new float[Math.multiplyExact(rowIndices.length, in)];
        float[] ny = new float[Math.multiplyExact(rowIndices.length, out)];
        for (int i = 0; i < rowIndices.length; i++) {
            int r = Objects.checkIndex(rowIndices[i], rows);
            System.arraycopy(x, r * in, nx, i * in, in);
            System.arraycopy(y, r * out, ny, i * out, out);
        }
        return wrap(nx, ny, inputNames, targetNames);
    }

    @Override
    public String toString() {
        return "RegressionData[rows=" + rows + ", inputs=" + inputNames + ", targets=" + targetNames + "]";
    }
}
