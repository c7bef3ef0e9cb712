package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.ProximalNewton;
import java.util.List;

/**
 * {@code cf-newton}: softmax cross-entropy with the last layer moved by one proximal Newton step per
 * batch ({@link ProximalNewton}: {@code lambda} is the pull towards the previous weights, {@code beta}
 * the ridge); the backbone gets the cross-entropy gradient with the last layer held constant, as
 * {@code ce}. {@code W_0} is one Newton step from zero on the first batch. Classification only.
 */
final class NewtonRule implements SoftmaxCrossEntropy {

    private final double lambda;
    private final double beta;

    NewtonRule(double lambda, double beta) {
        this.lambda = lambda;
        this.beta = beta;
    }

    @Override
    public String methodLabel() {
        return "cf-newton";
    }

    @Override
    public DenseMatrix update(HeadBatch batch, DenseMatrix previous) {
        if (!batch.ridgeOnBias()) {
            throw new IllegalArgumentException("cf-newton puts its ridge on every weight; it cannot leave the bias unpenalised (ridgeOnBias = false)");
        }
        return ProximalNewton.step(rows(batch.features()), probabilities(rows(batch.targets())), previous, lambda, beta);
    }

    /** The shards stacked as one n x k matrix on the JVM. */
    private static DenseMatrix rows(List<NDArray> shards) {
        if (shards.size() == 1) {
            return DenseMatrix.fromNDArray(shards.get(0));
        }
        List<DenseMatrix> parts = shards.stream().map(DenseMatrix::fromNDArray).toList();
        int cols = parts.get(0).cols();
        int total = parts.stream().mapToInt(DenseMatrix::rows).sum();
        double[] out = new double[total * cols];
        int at = 0;
        for (DenseMatrix p : parts) {
            System.arraycopy(p.data(), 0, out, at, p.data().length);
            at += p.data().length;
        }
        return DenseMatrix.of(total, cols, out);
    }

    /** Target rows scaled to sum 1 (one-hot rows of any target value). */
    private static DenseMatrix probabilities(DenseMatrix targets) {
        DenseMatrix p = targets.copy();
        int o = p.cols();
        double[] v = p.data();
        for (int i = 0; i < p.rows(); i++) {
            double sum = 0;
            for (int r = 0; r < o; r++) {
                sum += v[i * o + r];
            }
            for (int r = 0; r < o; r++) {
                v[i * o + r] /= sum;
            }
        }
        return p;
    }
}
