package dev.closedform.experiments.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.closedform.head.DenseMatrix;
import dev.closedform.model.LastLayerModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A trial gradient step on the backbone of a model in the middle of training: take it, look at the
 * features, put the parameters back. The head {@code W} is a constant of the step, as in a
 * backbone-first step, and the model's own head (which may be trained by gradient) is not touched.
 */
final class BackboneStep implements AutoCloseable {

    private final LastLayerModel model;
    private final List<NDArray> parameters;
    private final List<float[]> saved = new ArrayList<>();

    /** Remembers the current backbone; {@link #close} restores it. */
    BackboneStep(LastLayerModel model) {
        this.model = model;
        this.parameters = new ArrayList<>(model.trainableBackboneParameters().values());
        for (NDArray p : parameters) {
            saved.add(p.toFloatArray());
        }
    }

    /**
     * {@code theta -= lr grad_theta (1/n) sum_i ||y_i - W phi_theta(x_i)||^2} on the rows {@code x}, {@code y}
     * (the ridge on W does not depend on theta). The gradient is left zeroed.
     */
    void take(DenseMatrix w, NDArray x, NDArray y, double learningRate) {
        long n = x.getShape().get(0);
        NDArray wT = w.transpose().toNDArray(x.getManager(), DataType.FLOAT32);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray diff = model.features(x, true).matMul(wT).sub(y);
            collector.backward(diff.mul(diff).sum()); // the 1/n goes into the step size: no scalar tensor in the graph
        }
        for (NDArray p : parameters) {
            try (NDArray g = p.getGradient()) {
                p.subi(g.mul((float) (learningRate / n)));
                g.muli(0);
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).set(FloatBuffer.wrap(saved.get(i)));
        }
    }
}
