package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What the data-parallel loop sums over its workers, packed into one message each. */
final class WorkerSums {

    private static final NDIndex ALL = new NDIndex("...");

    private WorkerSums() {}

    /** Gram statistics summed over the workers: {@code Phi^T Phi}, {@code Y^T Phi} and the row count in one array. */
    static GramStatistics statistics(Collective collective, GramStatistics local) {
        int d = local.d();
        int o = local.o();
        double[] packed = new double[d * d + o * d + 1];
        System.arraycopy(local.gram().data(), 0, packed, 0, d * d);
        System.arraycopy(local.cross().data(), 0, packed, d * d, o * d);
        packed[packed.length - 1] = local.rows();
        collective.sumInPlace(packed);
        return GramStatistics.of(DenseMatrix.of(d, d, Arrays.copyOfRange(packed, 0, d * d)),
                DenseMatrix.of(o, d, Arrays.copyOfRange(packed, d * d, d * d + o * d)),
                (long) packed[packed.length - 1]);
    }

    /**
     * Replaces every parameter's accumulated gradient by its sum over the workers, before the
     * optimiser reads it. Call inside the step's scope: the gradient handles are closed with it.
     */
    static void gradients(Collective collective, List<NDArray> parameters) {
        List<NDArray> gradients = new ArrayList<>();
        long size = 0;
        for (NDArray p : parameters) {
            gradients.add(p.getGradient());
            size += p.size();
        }
        float[] flat = new float[Math.toIntExact(size)];
        int at = 0;
        for (NDArray g : gradients) {
            float[] values = g.toFloatArray();
            System.arraycopy(values, 0, flat, at, values.length);
            at += values.length;
        }
        collective.sumInPlace(flat);
        at = 0;
        for (NDArray g : gradients) {
            int n = Math.toIntExact(g.size());
            // Copy into the gradient's own storage: set(Buffer) would make the tensor borrow a Java
            // buffer that dies with this handle, while the parameter keeps its gradient across steps.
            g.set(ALL, g.getManager().create(FloatBuffer.wrap(flat, at, n), g.getShape()));
            at += n;
        }
    }
}
