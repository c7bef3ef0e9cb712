package dev.closedform.experiments.run;

import dev.closedform.train.LearningRateSchedule;
import dev.closedform.train.Loss;
import dev.closedform.train.Method;
import dev.closedform.train.OptimizerKind;
import dev.closedform.train.TrainingConfig;

/**
 * A method as a comparison lists it: the method, optionally its backbone optimiser
 * ({@code cf-prox@adam}), its own learning rate, learning-rate schedule and loss. Two specs of one method with different
 * optimisers can run side by side; their label tells them apart in tables and folder names.
 *
 * @param method        the method
 * @param optimizer     backbone optimiser, or {@code null} for the method's default
 * @param learningRate  step size, or {@code null} for the task's default for that optimiser
 * @param label         how reports name it, e.g. {@code cf-prox@adam}
 * @param loss          the data term of a jointly trained method, or {@code null} for the shared settings'
 * @param schedule      learning-rate schedule, or {@code null} for the shared settings'
 */
public record MethodSpec(Method method, OptimizerKind optimizer, Double learningRate, String label, Loss loss,
                         LearningRateSchedule schedule) {

    /** A spec with the shared settings' loss and schedule. */
    public MethodSpec(Method method, OptimizerKind optimizer, Double learningRate, String label) {
        this(method, optimizer, learningRate, label, null, null);
    }

    public MethodSpec {
        if (method == null) {
            throw new IllegalArgumentException("method must be set");
        }
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learning rate of " + label + " must be a finite number > 0, got " + learningRate);
        }
        label = label == null || label.isBlank() ? method.label() + (optimizer == null ? "" : "@" + optimizer.label()) : label;
    }

    public static MethodSpec of(Method method) {
        return new MethodSpec(method, null, null, null);
    }

    /** {@code METHOD} or {@code METHOD@OPTIMIZER}, e.g. {@code cf-prox@adam}. */
    public static MethodSpec parse(String spec) {
        String[] parts = spec.trim().split("@", -1);
        if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
            throw new IllegalArgumentException("--methods: expected METHOD or METHOD@OPTIMIZER, got '" + spec + "'");
        }
        Method m = Method.parse(parts[0]);
        OptimizerKind opt = parts.length == 2 ? OptimizerKind.parse(parts[1]) : null;
        return new MethodSpec(m, opt, null, spec.trim().toLowerCase(java.util.Locale.ROOT));
    }

    public MethodSpec withLearningRate(Double lr) {
        return new MethodSpec(method, optimizer, lr, label, loss, schedule);
    }

    public MethodSpec withOptimizer(OptimizerKind kind) {
        return new MethodSpec(method, kind, learningRate, label, loss, schedule);
    }

    /** The same spec training {@code l} (e.g. the relative-L2 loss of the FNO recipe); the label is kept. */
    public MethodSpec withLoss(Loss l) {
        return new MethodSpec(method, optimizer, learningRate, label, l, schedule);
    }

    /** The same spec with its own learning-rate schedule (e.g. cosine for Adam beside a constant rate for the others). */
    public MethodSpec withSchedule(LearningRateSchedule s) {
        return new MethodSpec(method, optimizer, learningRate, label, loss, s);
    }

    /** {@code template} with this method, optimiser, learning rate, loss and schedule set (where given). */
    public TrainingConfig.Builder applyTo(TrainingConfig.Builder template) {
        TrainingConfig.Builder b = template.copy().setMethod(method);
        if (optimizer != null) {
            b.optOptimizer(optimizer);
        }
        if (learningRate != null) {
            b.optLearningRate(learningRate);
        }
        if (loss != null) {
            b.optLoss(loss);
        }
        if (schedule != null) {
            b.optSchedule(schedule);
        }
        return b;
    }

    /** The label as a folder-name part: {@code cf-prox@adam} -> {@code cf-prox-adam}. */
    public String fileLabel() {
        return label.replace('@', '-');
    }
}
