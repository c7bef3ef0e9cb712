package dev.closedform.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.Serializable;

/**
 * Sufficient statistics of a batch for the closed-form head, with features as rows
 * ({@code Phi} is n x d, bias column included; {@code Y} is n x o):
 * <pre>
 *   gram  = sum_i phi_i phi_i^T = Phi^T Phi   (d x d)
 *   cross = sum_i y_i phi_i^T   = Y^T Phi     (o x d)
 *   rows  = n
 * </pre>
 * They are sums, so statistics of disjoint shards add up to those of the union ({@link #plus},
 * {@link #addInPlace}); the solver divides by {@code rows} to get the mean-row data term.
 */
public final class GramStatistics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int d;
    private final int o;
    private long rows;
    private final DenseMatrix gram;
    private final DenseMatrix cross;

    private GramStatistics(int d, int o, long rows, DenseMatrix gram, DenseMatrix cross) {
        this.d = d;
        this.o = o;
        this.rows = rows;
        this.gram = gram;
        this.cross = cross;
    }

    /** Statistics of zero rows, the neutral element of {@link #plus}. */
    public static GramStatistics empty(int d, int o) {
        if (d <= 0 || o <= 0) {
            throw new IllegalArgumentException("empty: d and o must be positive, got d=" + d + ", o=" + o);
        }
        return new GramStatistics(d, o, 0, DenseMatrix.zeros(d, d), DenseMatrix.zeros(o, d));
    }

    /** Statistics assembled from already-computed sums (copied), e.g. after deserialisation. */
    public static GramStatistics of(DenseMatrix gram, DenseMatrix cross, long rows) {
        if (gram.rows() != gram.cols() || cross.cols() != gram.rows()) {
            throw new IllegalArgumentException("gram must be d x d and cross o x d, got gram " + gram.shape()
                    + " and cross " + cross.shape());
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        return new GramStatistics(gram.rows(), cross.rows(), rows, gram.copy(), cross.copy());
    }

    /**
     * Computes {@code Phi^T Phi} and {@code Y^T Phi} on the engine in float64 (whatever the input
     * dtype, so that sums over many rows do not lose precision) and copies them to the JVM.
     *
     * @param features shape (n, d), bias column already appended
     * @param targets  shape (n, o)
     */
    public static GramStatistics of(NDArray features, NDArray targets) {
        Shape fs = features.getShape();
        Shape ts = targets.getShape();
        if (fs.dimension() != 2 || ts.dimension() != 2) {
            throw new IllegalArgumentException("features must be (n, d) and targets (n, o); got features "
                    + fs + " and targets " + ts + " (reshape a vector target to (n, 1))");
        }
        if (fs.get(0) != ts.get(0)) {
            throw new IllegalArgumentException("features " + fs + " and targets " + ts
                    + " have different numbers of rows");
        }
        if (fs.get(1) == 0 || ts.get(1) == 0) {
            throw new IllegalArgumentException("features " + fs + " and targets " + ts + " need at least one column");
        }
        int d = Math.toIntExact(fs.get(1));
        int o = Math.toIntExact(ts.get(1));
        NDArray phi = toFloat64(features);
        NDArray y = toFloat64(targets);
        try {
            DenseMatrix gram;
            DenseMatrix cross;
            try (NDArray phiT = phi.transpose();
                 NDArray g = phiT.matMul(phi);
                 NDArray yT = y.transpose();
                 NDArray c = yT.matMul(phi)) {
                gram = DenseMatrix.of(d, d, g.toDoubleArray());
                cross = DenseMatrix.of(o, d, c.toDoubleArray());
            }
            // A blocked GEMM may round (i,j) and (j,i) differently; Cholesky reads only the lower triangle,
            // but keep the stored statistics exactly symmetric so shard sums stay consistent.
            gram.symmetriseInPlace();
            return new GramStatistics(d, o, fs.get(0), gram, cross);
        } finally {
            // Close only the casts we created, never the caller's arrays.
            if (phi != features) {
                phi.close();
            }
            if (y != targets) {
                y.close();
            }
        }
    }

    private static NDArray toFloat64(NDArray a) {
        return a.getDataType() == DataType.FLOAT64 ? a : a.toType(DataType.FLOAT64, false);
    }

    /** A new object holding the sum of this and {@code other}. */
    public GramStatistics plus(GramStatistics other) {
        return copy().addInPlace(other);
    }

    /** Adds {@code other} into this (no allocation); returns this. */
    public GramStatistics addInPlace(GramStatistics other) {
        if (other.d != d || other.o != o) {
            throw new IllegalArgumentException("cannot add statistics with d=" + other.d + ", o=" + other.o
                    + " to statistics with d=" + d + ", o=" + o);
        }
        gram.addInPlace(1.0, other.gram);
        cross.addInPlace(1.0, other.cross);
        rows += other.rows;
        return this;
    }

    public GramStatistics copy() {
        return new GramStatistics(d, o, rows, gram.copy(), cross.copy());
    }

    /** Number of features, bias included. */
    public int d() {
        return d;
    }

    /** Number of outputs. */
    public int o() {
        return o;
    }

    /** Number of rows summed. */
    public long rows() {
        return rows;
    }

    /** A copy of {@code Phi^T Phi} (d x d). */
    public DenseMatrix gram() {
        return gram.copy();
    }

    /** A copy of {@code Y^T Phi} (o x d). */
    public DenseMatrix cross() {
        return cross.copy();
    }

    /** The live sums, for the solver in this package (avoids copies). */
    DenseMatrix gramView() {
        return gram;
    }

    DenseMatrix crossView() {
        return cross;
    }

    @Override
    public String toString() {
        return "GramStatistics[d=" + d + ", o=" + o + ", rows=" + rows + "]";
    }
}
