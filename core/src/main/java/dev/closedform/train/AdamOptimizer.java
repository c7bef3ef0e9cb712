package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/** Adam (Kingma and Ba) with bias correction: {@code p -= lr m_hat / (sqrt(v_hat) + eps)}. */
final class AdamOptimizer implements GradientOptimizer {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final List<NDArray> moments = new ArrayList<>();
    private long updates;
    private double scale = 1;

    AdamOptimizer(double learningRate, double beta1, double beta2, double epsilon, List<NDArray> parameters) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (NDArray p : parameters) {
            moments.add(p.getManager().zeros(p.getShape(), p.getDataType()));
            moments.add(p.getManager().zeros(p.getShape(), p.getDataType()));
        }
    }

    @Override
    public void update(List<NDArray> parameters) {
        updates++;
        double correction1 = 1 - Math.pow(beta1, updates);
        double correction2 = 1 - Math.pow(beta2, updates);
        // Fold both corrections into the step size; eps is scaled so the update equals the textbook form.
        double stepSize = learningRate * scale * Math.sqrt(correction2) / correction1;
        double scaledEpsilon = epsilon * Math.sqrt(correction2);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = p.getGradient();
            NDArray m = moments.get(2 * i);
            NDArray v = moments.get(2 * i + 1);
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
