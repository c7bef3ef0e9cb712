package dev.closedform.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs engine work without autograd recording. libtorch's gradient mode is per thread and on by
 * default; DJL switches it off only on the thread that started the engine and inside gradient
 * collectors, so a forward pass on any other thread would record a graph (saved activations and
 * backward nodes) that nobody uses.
 */
public final class NoGradient {

    private static final boolean PYTORCH = isPyTorch();

    private NoGradient() {}

    private static boolean isPyTorch() {
        EngineSettings.ensureOffline();
        return "PyTorch".equals(Engine.getInstance().getEngineName());
    }

    /** {@code work} with gradient recording off on this thread, then the previous mode restored. */
    public static <T> T call(Supplier<T> work) {
        if (!PYTORCH) {
            return work.get();
        }
        boolean was = JniUtils.isGradMode();
        if (!was) {
            return work.get();
        }
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(true);
        }
    }

    /** Whether this thread records autograd graphs now (always false off the PyTorch engine). */
    public static boolean recording() {
        return PYTORCH && JniUtils.isGradMode();
    }
}
