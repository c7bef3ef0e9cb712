package dev.closedform.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.closedform.engine.EngineSettings;
import dev.closedform.engine.NoGradient;
import dev.closedform.head.DenseMatrix;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code f(x) = W [phi_theta(x); 1]}: a backbone and a linear last layer whose bias is the last
 * column of {@code W} (docs/methods.md). {@code W} is held transposed, (features x outputs), so
 * that {@code features.matMul(W^T)} allocates in the caller's (per-step) manager.
 *
 * <p>The model owns its {@link NDManager}; close the model to free native memory.
 */
public final class LastLayerModel implements AutoCloseable {

    static {
        EngineSettings.ensureOffline(); // an entry point of the library: DJL offline before its engine can start
    }

    private final Backbone backbone;
    private final int outputDim;
    private final boolean bias;
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final NDArray headTransposed;
    private Map<String, NDArray> statistics;
    private final List<StepSeeded> stepSeeded = new ArrayList<>();

    /**
     * Initialises the backbone parameters from the engine's random generator seeded with
     * {@code seed}, and the head to zero.
     */
    public LastLayerModel(Backbone backbone, int outputDim, boolean bias, long seed) {
        if (outputDim < 1) {
            throw new IllegalArgumentException("outputDim must be >= 1, got " + outputDim);
        }
        this.backbone = backbone;
        this.outputDim = outputDim;
        this.bias = bias;
        this.manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        backbone.block().initialize(manager, DataType.FLOAT32, new Shape(1, backbone.inputDim()));
        this.parameterStore = new ParameterStore(manager, false);
        this.headTransposed = manager.zeros(new Shape(headFeatureDim(), outputDim), DataType.FLOAT32);
        collectStepSeeded(backbone.block());
    }

    private void collectStepSeeded(Block block) {
        if (block instanceof StepSeeded s) {
            stepSeeded.add(s);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collectStepSeeded(child.getValue());
        }
    }

    /**
     * Restarts the random draws of the backbone's training-mode blocks (augmentation) for one step,
     * so they depend on (seed, epoch, step) only; see {@link StepSeeded}. A no-op without such blocks.
     */
    public void reseed(int epoch, int step) {
        for (StepSeeded s : stepSeeded) {
            s.reseed(epoch, step);
        }
    }

    public Backbone backbone() {
        return backbone;
    }

    public int outputDim() {
        return outputDim;
    }

    public boolean hasBias() {
        return bias;
    }

    /** Columns of {@code W}: backbone features plus the constant bias feature when enabled. */
    public int headFeatureDim() {
        return backbone.featureDim() + (bias ? 1 : 0);
    }

    public NDManager manager() {
        return manager;
    }

    /** Head features {@code [phi(x), 1]} (rows x headFeatureDim), allocated in {@code x}'s manager. */
    public NDArray features(NDArray x, boolean training) {
        return withBias(backbone.block().forward(parameterStore, new NDList(x), training).singletonOrThrow(), null);
    }

    /** {@code [phi, 1, extra]} in one copy (the ones column only with a bias; {@code extra} may be null). */
    private NDArray withBias(NDArray phi, NDArray extra) {
        NDList parts = new NDList(phi);
        if (bias) {
            parts.add(phi.getManager().ones(new Shape(phi.getShape().get(0), 1), phi.getDataType()));
        }
        if (extra != null) {
            parts.add(extra.getDataType() == phi.getDataType() ? extra : extra.toType(phi.getDataType(), false));
        }
        return parts.size() == 1 ? phi : NDArrays.concat(parts, 1);
    }

    /**
     * Training-mode head features that leave the running statistics (BatchNorm mean and variance,
     * every parameter without a gradient) exactly as they were: snapshot, forward, restore (only
     * when the backbone has such statistics). No autograd graph is recorded; the result carries none.
     */
    public NDArray featuresKeepingStatistics(NDArray x) {
        return jointKeepingStatistics(x, null);
    }

    /**
     * {@link #featuresKeepingStatistics} with {@code extra} columns appended in the same copy:
     * {@code [phi(x), 1, extra]}, e.g. the targets, so the head's statistics {@code [Phi, Y]^T [Phi, Y]} need no
     * further concatenation.
     *
     * @param extra (rows x k) or null
     */
    public NDArray jointKeepingStatistics(NDArray x, NDArray extra) {
        if (statistics == null) { // the parameter set is fixed after initialisation: look it up once, not per step
            statistics = statistics();
        }
        Map<String, NDArray> state = statistics;
        return NoGradient.call(() -> {
            if (state.isEmpty()) {
                return withBias(backbone.block().forward(parameterStore, new NDList(x), true).singletonOrThrow(), extra);
            }
            // a few small arrays (per-channel means and variances): through the JVM is as cheap as any copy
            Map<String, float[]> saved = new LinkedHashMap<>();
            state.forEach((k, v) -> saved.put(k, v.toFloatArray()));
            NDArray out = withBias(backbone.block().forward(parameterStore, new NDList(x), true).singletonOrThrow(), extra);
            state.forEach((k, v) -> v.set(FloatBuffer.wrap(saved.get(k))));
            return out;
        });
    }

    /** Parameters that are state rather than weights (no gradient): BatchNorm running mean and variance. */
    public Map<String, NDArray> statistics() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : backbone.block().getParameters()) {
            if (!p.getValue().requiresGradient()) {
                out.put(p.getKey(), p.getValue().getArray());
            }
        }
        return out;
    }

    /** Backbone parameters the optimiser moves (running statistics excluded). */
    public Map<String, NDArray> trainableBackboneParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : backbone.block().getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.put(p.getKey(), p.getValue().getArray());
            }
        }
        return out;
    }

    /** Predictions (rows x outputs) from head features. */
    public NDArray predict(NDArray headFeatures) {
        return headFeatures.matMul(headTransposed);
    }

    /** The transposed head as a live array (for joint gradient training). */
    public NDArray headTransposed() {
        return headTransposed;
    }

    /** {@code W} (outputs x headFeatureDim) copied to double precision. */
    public DenseMatrix head() {
        return DenseMatrix.fromNDArray(headTransposed).transpose();
    }

    /** Overwrites {@code W} in place (the array keeps its identity and gradient attachment). */
    public void setHead(DenseMatrix w) {
        if (w.rows() != outputDim || w.cols() != headFeatureDim()) {
            throw new IllegalArgumentException("head must be " + outputDim + " x " + headFeatureDim()
                    + ", got " + w.rows() + " x " + w.cols());
        }
        float[] t = new float[w.rows() * w.cols()];
        for (int o = 0; o < w.rows(); o++) {
            for (int j = 0; j < w.cols(); j++) {
                double v = w.get(o, j);
                if (!Double.isFinite(v)) {
                    throw new ArithmeticException("refusing non-finite head weight W[" + o + "," + j + "] = " + v);
                }
                t[j * outputDim + o] = (float) v;
            }
        }
        headTransposed.set(FloatBuffer.wrap(t));
    }

    /** Backbone parameters in a stable order, keyed by DJL's parameter path. */
    public Map<String, NDArray> backboneParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : backbone.block().getParameters()) {
            out.put(p.getKey(), p.getValue().getArray());
        }
        return out;
    }

    /** Number of trainable scalars: backbone plus head. */
    public long parameterCount() {
        long n = (long) headFeatureDim() * outputDim;
        for (NDArray a : trainableBackboneParameters().values()) {
            n += a.size();
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
