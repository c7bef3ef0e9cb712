package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;
import dev.closedform.engine.TorchScriptModule;
import java.util.List;

/**
 * The optimisers' updates as libtorch's fused multi-tensor kernels ({@code _fused_adam_},
 * {@code _fused_sgd_}): one engine call updates every parameter in one pass over its memory and
 * zeroes the gradients, where the same update written with DJL's element-wise operations takes
 * about ten calls and ten passes per parameter tensor. DJL does not wrap these kernels, so they are
 * reached through a small TorchScript module compiled once per JVM.
 *
 * <p>The kernels compute the textbook updates in float32 (Adam with both bias corrections, from the
 * step count passed in; SGD with heavy-ball momentum {@code v = mu v + g, p -= lr v}), so they agree
 * with the element-wise forms up to float32 rounding (tested against float64 references).
 * {@link #get()} is null when the engine cannot provide them (another engine, or a libtorch without
 * the kernels); the optimisers then use the element-wise forms.
 */
final class FusedUpdates {

    private static final String SOURCE = """
            class FusedUpdates(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def gradients(self: __torch__.FusedUpdates, params: List[Tensor]) -> List[Tensor]:
                out = annotate(List[Tensor], [])
                for p in params:
                  g = p.grad
                  if g is None:
                    raise Exception("a trained parameter has no gradient")
                  out.append(g)
                return out
              def adam(self: __torch__.FusedUpdates, params: List[Tensor], exp_avgs: List[Tensor],
                  exp_avg_sqs: List[Tensor], hyper: List[float]) -> int:
                grads = self.gradients(params)
                step = torch.full([1], hyper[4])
                steps = annotate(List[Tensor], [])
                for p in params:
                  steps.append(step)
                torch._fused_adam_(params, grads, exp_avgs, exp_avg_sqs, annotate(List[Tensor], []), steps,
                    lr=hyper[0], beta1=hyper[1], beta2=hyper[2], weight_decay=0.0, eps=hyper[3], amsgrad=False,
                    maximize=False)
                torch._foreach_zero_(grads)
                return 0
              def sgd(self: __torch__.FusedUpdates, params: List[Tensor], velocities: List[Tensor],
                  hyper: List[float]) -> int:
                grads = self.gradients(params)
                torch._fused_sgd_(params, grads, velocities, weight_decay=0.0, momentum=hyper[1], lr=hyper[0],
                    dampening=0.0, nesterov=False, maximize=False, is_first_step=False)
                torch._foreach_zero_(grads)
                return 0
            """;

    private static volatile boolean loaded;
    private static FusedUpdates instance;

    private final TorchScriptModule module;

    private FusedUpdates(TorchScriptModule module) {
        this.module = module;
    }

    /** The fused updates of this JVM's engine, compiled on first use; null when unavailable. */
    static FusedUpdates get() {
        if (!loaded) {
            synchronized (FusedUpdates.class) {
                if (!loaded) {
                    instance = load();
                    loaded = true;
                }
            }
        }
        return instance;
    }

    private static FusedUpdates load() {
        try {
            if (!"PyTorch".equals(ai.djl.engine.Engine.getInstance().getEngineName())) {
                return null;
            }
            return new FusedUpdates(TorchScriptModule.compile("FusedUpdates", SOURCE));
        } catch (RuntimeException | LinkageError e) {
            return null; // an engine without the kernels: the element-wise updates remain
        }
    }

    /** Whether every array lives on this engine (the kernels take libtorch tensors). */
    static boolean accepts(List<NDArray> arrays) {
        for (NDArray a : arrays) {
            if (!(a instanceof PtNDArray)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One Adam step on every parameter from its gradient, then the gradients zeroed: {@code m} and
     * {@code v} (one per parameter) move in place; {@code step} is the 1-based count for the bias corrections.
     */
    void adam(List<NDArray> params, List<NDArray> m, List<NDArray> v, double lr, double beta1, double beta2,
              double epsilon, long step) {
        try (IValue p = list(params); IValue a = list(m); IValue b = list(v);
             IValue h = IValue.listFrom(lr, beta1, beta2, epsilon, (double) step);
             IValue ignored = module.run("adam", p, a, b, h)) {
            // the kernel updated the arrays in place
        }
    }

    /** One SGD step ({@code velocities} empty: plain; else heavy-ball momentum {@code mu}), then the gradients zeroed. */
    void sgd(List<NDArray> params, List<NDArray> velocities, double lr, double momentum) {
        try (IValue p = list(params); IValue u = list(velocities); IValue h = IValue.listFrom(lr, momentum);
             IValue ignored = module.run("sgd", p, u, h)) {
            // the kernel updated the arrays in place
        }
    }

    private static IValue list(List<NDArray> arrays) {
        return IValue.listFrom(arrays.toArray(new PtNDArray[0]));
    }
}
