package dev.closedform.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import dev.closedform.engine.EngineSettings;
import java.io.Serializable;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Sufficient statistics of a batch for the closed-form head, with features as rows
 * ({@code Phi} is n x d, bias column included; {@code Y} is n x o):
 * <pre>
 *   gram  = sum_i phi_i phi_i^T = Phi^T Phi   (d x d)
 *   cross = sum_i y_i phi_i^T   = Y^T Phi     (o x d)
 *   rows  = n
 *   targetSquares = sum_i ||y_i||^2 = ||Y||_F^2   (what a residual sum of squares needs, e.g. for GCV)
 * </pre>
 * They are sums, so statistics of disjoint shards add up to those of the union ({@link #plus},
 * {@link #addInPlace}); the solver divides by {@code rows} to get the mean-row data term.
 */
public final class GramStatistics implements Serializable {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private static final long serialVersionUID = 2L; // 2: targetSquares

    private final int d;
    private final int o;
    private long rows;
    private final DenseMatrix gram;
    private final DenseMatrix cross;
    /** {@code ||Y||_F^2}, or NaN when the statistics were assembled without it. */
    private double targetSquares;

    private GramStatistics(int d, int o, long rows, DenseMatrix gram, DenseMatrix cross, double targetSquares) {
        this.d = d;
        this.o = o;
        this.rows = rows;
        this.gram = gram;
        this.cross = cross;
        this.targetSquares = targetSquares;
    }

    /** Statistics of zero rows, the neutral element of {@link #plus}. */
    public static GramStatistics empty(int d, int o) {
        if (d <= 0 || o <= 0) {
            throw new IllegalArgumentException("empty: d and o must be positive, got d=" + d + ", o=" + o);
        }
        return new GramStatistics(d, o, 0, DenseMatrix.zeros(d, d), DenseMatrix.zeros(o, d), 0.0);
    }

    /**
     * Statistics assembled from already-computed sums (copied), e.g. after deserialisation, without the
     * targets' sum of squares ({@link #hasTargetSquares()} is false).
     */
    public static GramStatistics of(DenseMatrix gram, DenseMatrix cross, long rows) {
        return of(gram, cross, rows, Double.NaN);
    }

    /** As {@link #of(DenseMatrix, DenseMatrix, long)} with {@code targetSquares = ||Y||_F^2} (NaN: unknown). */
    public static GramStatistics of(DenseMatrix gram, DenseMatrix cross, long rows, double targetSquares) {
        if (gram.rows() != gram.cols() || cross.cols() != gram.rows()) {
            throw new IllegalArgumentException("gram must be d x d and cross o x d, got gram " + gram.shape()
                    + " and cross " + cross.shape());
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (targetSquares < 0) {
            throw new IllegalArgumentException("targetSquares must be >= 0 (or NaN when unknown), got " + targetSquares);
        }
        return new GramStatistics(gram.rows(), cross.rows(), rows, gram.copy(), cross.copy(), targetSquares);
    }

    /**
     * Computes {@code Phi^T Phi} and {@code Y^T Phi} on the engine in float64 (whatever the input
     * dtype, so that sums over many rows do not lose precision) and copies them to the JVM.
     *
     * @param features shape (n, d), bias column already appended
     * @param targets  shape (n, o)
     */
    public static GramStatistics of(NDArray features, NDArray targets) {
        return of(List.of(features), List.of(targets), GramPrecision.FLOAT64);
    }

    /**
     * Statistics of the union of several shards: each shard's {@code [Phi, Y]^T [Phi, Y]} is one product on
     * the engine ({@code precision} says how it is rounded), the products are summed there, and the sum
     * is copied to the JVM once.
     *
     * @param features shards of shape (n_s, d), bias column already appended
     * @param targets  the matching shards of shape (n_s, o)
     */
    public static GramStatistics of(List<NDArray> features, List<NDArray> targets, GramPrecision precision) {
        if (features.isEmpty() || features.size() != targets.size()) {
            throw new IllegalArgumentException("need one target shard per feature shard, got "
                    + features.size() + " and " + targets.size());
        }
        for (int s = 0; s < features.size(); s++) {
            checkShapes(features.get(s), targets.get(s), features.get(0), targets.get(0));
        }
        try (NDScope ignored = new NDScope()) {
            List<NDArray> joints = new ArrayList<>();
            for (int s = 0; s < features.size(); s++) {
                joints.add(NDArrays.concat(new NDList(features.get(s), targets.get(s)), 1));
            }
            return ofJoint(joints, Math.toIntExact(features.get(0).getShape().get(1)), precision);
        }
    }

    /**
     * As {@link #of(List, List, GramPrecision)} from shards that already hold features and targets side by
     * side, {@code [Phi, Y]} of shape (n_s, d + o), so no concatenation is needed.
     *
     * @param d the feature columns (bias included); the remaining columns are the targets
     */
    public static GramStatistics ofJoint(List<NDArray> joints, int d, GramPrecision precision) {
        if (joints.isEmpty()) {
            throw new IllegalArgumentException("need at least one shard");
        }
        long width = joints.get(0).getShape().dimension() == 2 ? joints.get(0).getShape().get(1) : -1;
        long rows = 0;
        for (NDArray j : joints) {
            Shape js = j.getShape();
            if (js.dimension() != 2 || js.get(1) != width || d < 1 || width <= d) {
                throw new IllegalArgumentException("joint shards must be (n, d + o) with the same d + o > d = " + d
                        + " columns; got " + js);
            }
            rows += js.get(0);
        }
        int o = Math.toIntExact(width - d);
        try (NDScope ignored = new NDScope()) {
            NDArray product = JointProduct.of(joints.get(0), precision);
            for (int s = 1; s < joints.size(); s++) {
                product.addi(JointProduct.of(joints.get(s), precision));
            }
            int m = d + o;
            // One copy, read through a direct buffer: DJL's toDoubleArray() goes through an extra one.
            double[] p = new double[m * m];
            product.toByteBuffer(true).order(ByteOrder.nativeOrder()).asDoubleBuffer().get(p);
            double[] gram = new double[d * d];
            double[] cross = new double[o * d];
            for (int i = 0; i < d; i++) {
                System.arraycopy(p, i * m, gram, i * d, d);
            }
            double targetSquares = 0;
            for (int r = 0; r < o; r++) {
                System.arraycopy(p, (d + r) * m, cross, r * d, d);
                targetSquares += p[(d + r) * m + d + r]; // the diagonal of Y^T Y, which the product holds anyway
            }
            DenseMatrix g = DenseMatrix.of(d, d, gram);
            // A blocked GEMM may round (i,j) and (j,i) differently; Cholesky reads only the lower triangle,
            // but keep the stored statistics exactly symmetric so shard sums stay consistent.
            g.symmetriseInPlace();
            return new GramStatistics(d, o, rows, g, DenseMatrix.of(o, d, cross), targetSquares);
        }
    }

    /** Rows of one shard after checking its shapes (and that its widths match the first shard's). */
    private static long checkShapes(NDArray features, NDArray targets, NDArray firstFeatures, NDArray firstTargets) {
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
        if (fs.get(1) != firstFeatures.getShape().get(1) || ts.get(1) != firstTargets.getShape().get(1)) {
            throw new IllegalArgumentException("shards of " + firstFeatures.getShape() + " and " + fs + " features, "
                    + firstTargets.getShape() + " and " + ts + " targets: all shards need the same columns");
        }
        return fs.get(0);
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
        targetSquares += other.targetSquares; // NaN (unknown) stays NaN
        return this;
    }

    public GramStatistics copy() {
        return new GramStatistics(d, o, rows, gram.copy(), cross.copy(), targetSquares);
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

    /**
     * Whether every sum is finite: false as soon as one feature or target of the summed rows is NaN
     * or infinite (their squares are on the diagonal), so a diverged network is caught before its solve.
     */
    public boolean isFinite() {
        return gram.isFinite() && cross.isFinite();
    }

    /** {@code ||Y||_F^2 = sum_i ||y_i||^2}; NaN when {@link #hasTargetSquares()} is false. */
    public double targetSquares() {
        return targetSquares;
    }

    /** Whether the statistics know the targets' sum of squares (those formed from a batch always do). */
    public boolean hasTargetSquares() {
        return !Double.isNaN(targetSquares);
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
