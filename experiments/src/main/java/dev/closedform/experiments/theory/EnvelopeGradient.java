package dev.closedform.experiments.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.ProximalSolver;
import dev.closedform.model.LastLayerModel;

/**
 * {@code L*(theta) = min_W L(W, theta)} and its gradient at the model's current backbone, by the envelope
 * theorem: the gradient of {@code L(W, theta)} with {@code W = W*(theta)} held constant. Leaves the
 * model's head at {@code W*} and its gradients zeroed.
 */
final class EnvelopeGradient {

    /** {@code L*}, the Euclidean norm of its gradient over every trainable backbone parameter, and {@code W*}. */
    record Value(double lStar, double gradientNorm, DenseMatrix wStar) {}

    private EnvelopeGradient() {}

    static Value at(LastLayerModel model, NDArray x, NDArray y, double beta) {
        long n = x.getShape().get(0);
        NDArray features = model.features(x, false);
        DenseMatrix wStar = ProximalSolver.ridge(features, y, beta);
        model.setHead(wStar);
        double lStar = ProximalSolver.loss(wStar, features, y, beta); // in float64
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray f = model.predict(model.features(x, true));
            NDArray diff = f.sub(y);
            NDArray loss = diff.mul(diff).sum();
            collector.backward(loss); // the 1/n is applied to the gradient below: no scalar tensor in the graph
        }
        double sum = 0;
        for (NDArray p : model.trainableBackboneParameters().values()) {
            try (NDArray g = p.getGradient()) {
                for (float v : g.toFloatArray()) {
                    sum += (double) v * v;
                }
                g.muli(0);
            }
        }
        return new Value(lStar, Math.sqrt(sum) / n, wStar);
    }
}
