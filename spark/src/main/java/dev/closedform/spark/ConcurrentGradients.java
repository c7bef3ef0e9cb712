package dev.closedform.spark;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SymbolBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * Lets several workers of one JVM (Spark's {@code local[N]}, or N task slots per executor) record
 * gradients at the same time. DJL's PyTorch engine refuses a second open gradient collector
 * anywhere in the JVM (one static flag), although libtorch keeps the gradient mode per thread and
 * runs backward passes of separate graphs concurrently. Each worker trains its own replica on its
 * own thread, so that flag would only serialise independent work. {@link #allow()} makes the
 * default engine a thin wrapper of PyTorch whose collectors are per thread; everything else is
 * PyTorch's own.
 */
final class ConcurrentGradients {

    static final String ENGINE_NAME = "PyTorchWorkers";
    private static final String PYTORCH = "PyTorch";

    private ConcurrentGradients() {}

    /**
     * Call on each worker's thread before it trains. Switches gradient recording off for this
     * thread outside collectors, as PyTorch's engine does only for the thread that started it (a
     * new thread starts with recording on, and the optimiser's in-place updates would then fail).
     * Idempotent; besides that, only the engine that {@code Engine.getInstance()} returns changes.
     */
    static void allow() {
        register();
        JniUtils.setGradMode(false);
    }

    private static synchronized void register() {
        if (!Engine.hasEngine(ENGINE_NAME)) {
            Engine pytorch = Engine.getEngine(PYTORCH);
            Engine wrapper = new Workers(pytorch);
            Engine.registerEngine(new EngineProvider() {
                @Override
                public String getEngineName() {
                    return ENGINE_NAME;
                }

                @Override
                public int getEngineRank() {
                    return pytorch.getRank() + 1;
                }

                @Override
                public Engine getEngine() {
                    return wrapper;
                }
            });
        }
        System.setProperty("ai.djl.default_engine", ENGINE_NAME);
    }

    /** PyTorch, with a gradient collector that only touches the calling thread's gradient mode. */
    private static final class Workers extends Engine {
        private final Engine pytorch;

        Workers(Engine pytorch) {
            this.pytorch = pytorch;
        }

        @Override
        public Engine getAlternativeEngine() {
            return null;
        }

        /** PyTorch's name: run records and code that asks the engine's name see the engine that computes. */
        @Override
        public String getEngineName() {
            return pytorch.getEngineName();
        }

        @Override
        public int getRank() {
            return pytorch.getRank() + 1;
        }

        @Override
        public String getVersion() {
            return pytorch.getVersion();
        }

        @Override
        public boolean hasCapability(String capability) {
            return pytorch.hasCapability(capability);
        }

        @Override
        public Device defaultDevice() {
            return pytorch.defaultDevice();
        }

        @Override
        public SymbolBlock newSymbolBlock(NDManager manager) {
            return pytorch.newSymbolBlock(manager);
        }

        @Override
        public Model newModel(String name, Device device) {
            return pytorch.newModel(name, device);
        }

        @Override
        public NDManager newBaseManager() {
            return pytorch.newBaseManager();
        }

        @Override
        public NDManager newBaseManager(Device device) {
            return pytorch.newBaseManager(device);
        }

        @Override
        public GradientCollector newGradientCollector() {
            return new ThreadCollector();
        }

        @Override
        public void setRandomSeed(int seed) {
            pytorch.setRandomSeed(seed);
        }

        @Override
        public Integer getSeed() {
            return pytorch.getSeed();
        }
    }

    /** As PyTorch's collector (gradient mode on for this thread, restored on close), without the JVM-wide flag. */
    private static final class ThreadCollector implements GradientCollector {
        private final boolean previousMode;

        ThreadCollector() {
            previousMode = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
        }

        @Override
        public void backward(NDArray target) {
            try (NDArray ones = target.getManager().ones(target.getShape(), target.getDataType())) {
                JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
            }
        }

        @Override
        public void zeroGradients() {
            throw new UnsupportedOperationException("the training loop's optimiser zeroes the gradients it reads");
        }

        @Override
        public void close() {
            if (!previousMode) {
                JniUtils.setGradMode(false);
            }
        }
    }
}
