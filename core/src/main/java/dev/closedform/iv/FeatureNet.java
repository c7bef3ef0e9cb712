package dev.closedform.iv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.closedform.head.DenseMatrix;
import java.util.ArrayList;
import java.util.List;

/** One DFIV feature map: an MLP, or the identity (no parameters) for linear features. */
final class FeatureNet {

    private static final int CHUNK = 8192;

    private final Block block;
    private final int inputDim;
    private final int outputDim;
    private final ParameterStore store;

    private FeatureNet(Block block, int inputDim, int outputDim, ParameterStore store) {
        this.block = block;
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.store = store;
    }

    static FeatureNet identity(int dim) {
        return new FeatureNet(null, dim, dim, null);
    }

    /**
     * Linear layers of the given widths with ReLU between them; after the last: optional BatchNorm, then
     * ReLU if {@code finalRelu}. Initialised (float32) in {@code manager} from the engine's seeded generator.
     */
    static FeatureNet mlp(NDManager manager, int inputDim, int[] widths, boolean batchNormLast, boolean finalRelu) {
        return mlp(manager, inputDim, widths, batchNormLast ? widths.length - 1 : -1, finalRelu, 0L);
    }

    /**
     * As above with BatchNorm after the linear layer {@code batchNormAt} (-1: none), before its ReLU, and
     * PyTorch's default initialisation (weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as the original
     * DFIV code) drawn from {@code initSeed}; {@code initSeed = 0} keeps DJL's initialiser (Xavier, zero biases).
     */
    static FeatureNet mlp(NDManager manager, int inputDim, int[] widths, int batchNormAt, boolean finalRelu, long initSeed) {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < widths.length; i++) {
            net.add(Linear.builder().setUnits(widths[i]).build());
            boolean last = i == widths.length - 1;
            if (i == batchNormAt) {
                net.add(BatchNorm.builder().build());
            }
            if (!last || finalRelu) {
                net.add(Activation.reluBlock());
            }
        }
        net.initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
        // DJL 0.36 marks BatchNorm's running mean/variance as requiring gradients: ask the engine not to track
        // them, and keep them out of parameters() so that no optimiser ever updates them.
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (isRunningStatistic(p.getValue())) {
                p.getValue().getArray().setRequiresGradient(false);
            }
        }
        if (initSeed != 0) {
            java.util.Random random = new java.util.Random(initSeed);
            int fanIn = inputDim;
            for (Pair<String, Parameter> p : net.getParameters()) {
                Parameter param = p.getValue();
                if (param.getType() == Parameter.Type.WEIGHT && param.getArray().getShape().dimension() == 2) {
                    fanIn = (int) param.getArray().getShape().get(1);
                } else if (param.getType() != Parameter.Type.BIAS) {
                    continue; // BatchNorm gamma/beta and running statistics keep their defaults
                }
                if (!p.getKey().contains("Linear")) {
                    continue;
                }
                double bound = 1 / Math.sqrt(fanIn);
                float[] v = new float[(int) param.getArray().size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) ((2 * random.nextDouble() - 1) * bound);
                }
                param.getArray().set(java.nio.FloatBuffer.wrap(v));
            }
        }
        return new FeatureNet(net, inputDim, widths[widths.length - 1], new ParameterStore(manager, false));
    }

    /** Every array of the net by its parameter name, BatchNorm running statistics included (checkpoints). */
    java.util.Map<String, NDArray> allArrays() {
        java.util.Map<String, NDArray> out = new java.util.LinkedHashMap<>();
        if (block != null) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                out.put(p.getKey(), p.getValue().getArray());
            }
        }
        return out;
    }

    boolean isIdentity() {
        return block == null;
    }

    int inputDim() {
        return inputDim;
    }

    int outputDim() {
        return outputDim;
    }

    /** Features of {@code x} (rows x inputDim), allocated in x's manager; {@code training} selects BatchNorm mode. */
    NDArray forward(NDArray x, boolean training) {
        if (block == null) {
            return x;
        }
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Training-mode features (BatchNorm normalises with the batch's own statistics) that leave the running
     * statistics as they were: a second forward pass on a batch that already updated them must not count twice.
     */
    NDArray forwardKeepingStatistics(NDArray x) {
        if (block == null) {
            return x;
        }
        SavedStatistics saved = saveStatistics();
        NDArray out = block.forward(store, new NDList(x), true).singletonOrThrow();
        saved.scaleUpdate(0);
        return out;
    }

    /** The BatchNorm running statistics as they are now (nothing to save without BatchNorm). */
    SavedStatistics saveStatistics() {
        List<NDArray[]> pairs = new ArrayList<>();
        for (NDArray stat : runningStatistics()) {
            pairs.add(new NDArray[] {stat, stat.duplicate()});
        }
        return new SavedStatistics(pairs);
    }

    /** Running statistics saved before training-mode passes, to scale the update those passes made. */
    static final class SavedStatistics {
        /** Nothing saved: {@link #scaleUpdate} leaves every statistic as it is. */
        static final SavedStatistics NONE = new SavedStatistics(List.of());

        private final List<NDArray[]> liveAndSaved;

        private SavedStatistics(List<NDArray[]> liveAndSaved) {
            this.liveAndSaved = liveAndSaved;
        }

        /**
         * {@code r <- r_saved + s (r - r_saved)}: one pass's update made with BatchNorm momentum m becomes the update
         * with momentum {@code s m} (0 restores the saved values). Call it after the backward pass: autograd may hold
         * the statistics, and changing them in place earlier would invalidate its graph. Frees the saved copies: call it once.
         */
        void scaleUpdate(double s) {
            for (NDArray[] pair : liveAndSaved) {
                if (s == 0) {
                    pair[1].copyTo(pair[0]);
                } else if (s != 1) {
                    pair[0].subi(pair[1]).muli((float) s).addi(pair[1]);
                }
                pair[1].close();
            }
        }
    }

    /** Evaluation-mode features in double: the identity copies {@code x} exactly (no float32 round trip). */
    DenseMatrix eval(DenseMatrix x, NDManager manager) {
        if (x.cols() != inputDim) {
            throw new IllegalArgumentException("feature net expects " + inputDim + " inputs, got " + x.cols());
        }
        if (block == null) {
            return x.copy();
        }
        DenseMatrix out = DenseMatrix.zeros(x.rows(), outputDim);
        for (int from = 0; from < x.rows(); from += CHUNK) {
            int to = Math.min(x.rows(), from + CHUNK);
            try (NDManager scope = manager.newSubManager()) {
                float[] chunk = new float[(to - from) * inputDim];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (float) x.data()[from * inputDim + i];
                }
                NDArray in = scope.create(chunk, new Shape(to - from, inputDim));
                NDArray f = forward(in, false);
                f.attach(scope);
                DenseMatrix part = DenseMatrix.fromNDArray(f);
                System.arraycopy(part.data(), 0, out.data(), from * outputDim, part.data().length);
            }
        }
        return out;
    }

    static boolean isRunningStatistic(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    /** BatchNorm running means and variances (empty without BatchNorm). */
    List<NDArray> runningStatistics() {
        List<NDArray> out = new ArrayList<>();
        if (block != null) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (isRunningStatistic(p.getValue())) {
                    out.add(p.getValue().getArray());
                }
            }
        }
        return out;
    }

    /** Trainable parameters only: BatchNorm running statistics are excluded and never require gradients. */
    List<NDArray> parameters() {
        List<NDArray> out = new ArrayList<>();
        if (block != null) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (!isRunningStatistic(p.getValue())) {
                    out.add(p.getValue().getArray());
                }
            }
        }
        return out;
    }
}
