package dev.closedform.iv;

import ai.djl.ndarray.NDArray;
import dev.closedform.head.DenseMatrix;
import dev.closedform.train.Checkpoint;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.GradientOptimizer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DFIV run's state at an epoch boundary as a {@link Checkpoint}: the three networks (BatchNorm running
 * statistics included), their Adam moments and step counts, both stages' weights and whatever their update
 * strategies and the pooled readout carry. The batch order is replayed from the seed, so a resumed run
 * continues exactly as an uninterrupted one.
 */
final class DfivCheckpoints {

    private static final String[] NETS = {"treatment", "instrument", "covariate"};

    private final DfivTrainer.Run run;

    DfivCheckpoints(DfivTrainer.Run run) {
        this.run = run;
    }

    Checkpoint save(int epoch, long steps, double wallSeconds, List<EpochMetrics> curve) {
        Map<String, float[]> nets = new LinkedHashMap<>();
        FeatureNet[] fn = nets();
        for (int i = 0; i < fn.length; i++) {
            if (fn[i] != null) {
                String prefix = NETS[i] + ".";
                fn[i].allArrays().forEach((name, a) -> nets.put(prefix + name, a.toFloatArray()));
            }
        }
        List<float[]> moments = new ArrayList<>();
        double[] updates = new double[3];
        GradientOptimizer[] opts = optimizers();
        for (int i = 0; i < opts.length; i++) {
            if (opts[i] != null) {
                opts[i].state().forEach(a -> moments.add(a.toFloatArray()));
                updates[i] = opts[i].updates();
            }
        }
        Map<String, double[]> state = new LinkedHashMap<>();
        state.put("optimizer_updates", updates);
        state.put("step_counts", Arrays.stream(run.stepCounts).asDoubleStream().toArray());
        if (run.v != null) {
            state.put("v", run.v.pack());
        }
        if (run.u != null) {
            state.put("u", run.u.pack());
        }
        run.stage1.state().forEach((k, a) -> state.put("stage1." + k, a));
        run.stage2.state().forEach((k, a) -> state.put("stage2." + k, a));
        if (run.pooled != null) {
            run.pooled.state().forEach((k, a) -> state.put("pooled." + k, a));
        }
        return new Checkpoint(run.config.resumeKey(), epoch, steps, wallSeconds, List.copyOf(curve), nets, new double[0],
                moments, 0, state);
    }

    void restore(Checkpoint c) {
        if (!c.configKey().equals(run.config.resumeKey())) {
            throw new IllegalArgumentException("the checkpoint belongs to a DFIV run with another configuration: saved "
                    + c.configKey() + ", now " + run.config.resumeKey() + "; only the number of epochs may change when resuming");
        }
        if (c.epochsDone() > run.config.epochs()) {
            throw new IllegalArgumentException("the checkpoint has " + c.epochsDone() + " epochs done; a resumed run cannot be "
                    + "shorter (epochs " + run.config.epochs() + ")");
        }
        FeatureNet[] fn = nets();
        for (int i = 0; i < fn.length; i++) {
            if (fn[i] == null) {
                continue;
            }
            for (Map.Entry<String, NDArray> p : fn[i].allArrays().entrySet()) {
                float[] values = c.backbone().get(NETS[i] + "." + p.getKey());
                if (values == null || values.length != p.getValue().size()) {
                    throw new IllegalArgumentException("the checkpoint has no array " + NETS[i] + "." + p.getKey()
                            + " of " + p.getValue().size() + " values: it belongs to other networks");
                }
                p.getValue().set(FloatBuffer.wrap(values));
            }
        }
        int k = 0;
        double[] updates = c.state().get("optimizer_updates");
        GradientOptimizer[] opts = optimizers();
        for (int i = 0; i < opts.length; i++) {
            if (opts[i] != null) {
                for (NDArray a : opts[i].state()) {
                    a.set(FloatBuffer.wrap(c.optimizerState().get(k++)));
                }
                opts[i].setUpdates((long) updates[i]);
            }
        }
        double[] counts = c.state().get("step_counts");
        for (int i = 0; i < run.stepCounts.length; i++) {
            run.stepCounts[i] = (long) counts[i];
        }
        run.v = c.state().containsKey("v") ? DenseMatrix.unpack(c.state().get("v")) : null;
        run.u = c.state().containsKey("u") ? DenseMatrix.unpack(c.state().get("u")) : null;
        run.stage1.restore(prefixed(c.state(), "stage1."));
        run.stage2.restore(prefixed(c.state(), "stage2."));
        if (run.pooled != null) {
            run.pooled.restore(prefixed(c.state(), "pooled."));
        }
    }

    private FeatureNet[] nets() {
        return new FeatureNet[] {run.treatment, run.instrument, run.covariate};
    }

    private GradientOptimizer[] optimizers() {
        return new GradientOptimizer[] {run.optTreatment, run.opt1, run.optCovariate};
    }

    /** The entries under {@code prefix}, with the prefix removed. */
    static Map<String, double[]> prefixed(Map<String, double[]> state, String prefix) {
        Map<String, double[]> out = new LinkedHashMap<>();
        state.forEach((k, a) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), a);
            }
        });
        return out;
    }
}
