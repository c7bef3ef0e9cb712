package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code v = mu v + g; p -= lr v} (plain SGD when {@code mu = 0}, which keeps no state). On the
 * PyTorch engine the step is libtorch's fused kernel ({@link FusedUpdates}); elsewhere the same
 * formula in element-wise operations.
 */
final class SgdOptimizer implements GradientOptimizer {

    private final double learningRate;
    private final double momentum;
    private final List<NDArray> velocity = new ArrayList<>();
    /** Null: the element-wise update. */
    private final FusedUpdates fused;
    private long updates;
    private double scale = 1;

    SgdOptimizer(double learningRate, double momentum, List<NDArray> parameters) {
        this(learningRate, momentum, parameters, FusedUpdates.get());
    }

    SgdOptimizer(double learningRate, double momentum, List<NDArray> parameters, FusedUpdates fused) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        if (momentum > 0) {
            for (NDArray p : parameters) {
                velocity.add(p.getManager().zeros(p.getShape(), p.getDataType()));
            }
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
            fused.sgd(parameters, velocity, learningRate * scale, momentum);
            return;
        }
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = p.getGradient();
            if (momentum > 0) {
                NDArray v = velocity.get(i);
                v.muli((float) momentum).addi(g);
                p.subi(v.mul((float) (learningRate * scale)));
            } else {
                p.subi(g.mul((float) (learningRate * scale)));
            }
            g.muli(0);
        }
    }

    @Override
    public void setLearningRateScale(double scale) {
        this.scale = scale;
    }

    @Override
    public List<NDArray> state() {
        return velocity;
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
