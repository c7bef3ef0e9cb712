package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba) with bias correction: {@code p -= lr m_hat / (sqrt(v_hat) + eps)}. On the
 * PyTorch engine the step is libtorch's fused kernel ({@link FusedUpdates}); elsewhere the same
 * formula in element-wise operations.
 */
final class AdamOptimizer implements GradientOptimizer {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** First and second moments interleaved, {@code m_0, v_0, m_1, v_1, ...}: the checkpointed state. */
    private final List<NDArray> moments = new ArrayList<>();
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    /** Null: the element-wise update. */
    private final FusedUpdates fused;
    private long updates;
    private double scale = 1;

    AdamOptimizer(double learningRate, double beta1, double beta2, double epsilon, List<NDArray> parameters) {
        this(learningRate, beta1, beta2, epsilon, parameters, FusedUpdates.get());
    }

    AdamOptimizer(double learningRate, double beta1, double beta2, double epsilon, List<NDArray> parameters,
                  FusedUpdates fused) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (NDArray p : parameters) {
            NDArray m = p.getManager().zeros(p.getShape(), p.getDataType());
            NDArray v = p.getManager().zeros(p.getShape(), p.getDataType());
            moments.add(m);
            moments.add(v);
            firstMoments.add(m);
            secondMoments.add(v);
        }
        this.fused = fused != null && FusedUpdates.accepts(parameters) ? fused : null;
    }

    @Override
    public void update(List<NDArray> parameters) {
        updates++;
        if (parameters.isEmpty()) {
            return;
        }
        if (fused != null) {
            fused.adam(parameters, firstMoments, secondMoments, learningRate * scale, beta1, beta2, epsilon, updates);
            return;
        }
        double correction1 = 1 - Math.pow(beta1, updates);
        double correction2 = 1 - Math.pow(beta2, updates);
        // Fold both corrections into the step size; eps is scaled so the update equals the textbook form.
        double stepSize = learningRate * scale * Math.sqrt(correction2) / correction1;
        double scaledEpsilon = epsilon * Math.sqrt(correction2);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = p.getGradient();
            NDArray m = firstMoments.get(i);
            NDArray v = secondMoments.get(i);
            m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
            v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
            p.subi(m.mul((float) stepSize).divi(v.sqrt().addi((float) scaledEpsilon)));
            g.muli(0);
        }
    }

    @Override
    public void setLearningRateScale(double scale) {
        this.scale = scale;
    }

    @Override
    public List<NDArray> state() {
        return moments;
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public void setUpdates(long updates) {
        this.updates = updates;
    }
}
