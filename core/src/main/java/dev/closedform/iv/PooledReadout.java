package dev.closedform.iv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.GramStatistics;
import dev.closedform.head.RecursiveRidge;

/**
 * The pooled readout ({@link DfivConfig#pooledFinal()}): both stages' statistics pooled, with exponential forgetting,
 * over the last batch pairs on the features of the moment, kept beside the training solves, so that the final model
 * can take its stage weights from them instead of from the last batch, without a pass over the data. Each stage uses
 * the configured ridge, as the exact fit does.
 */
final class PooledReadout {

    private final RecursiveRidge stage1;
    private final RecursiveRidge stage2;
    private final double ridge1;
    private final double ridge2;
    private DenseMatrix v;
    private DenseMatrix u;

    /** @param memory batch pairs (forgetting factor {@code 1 - 1 / memory}) */
    PooledReadout(double memory, double ridge1, double ridge2) {
        this.stage1 = new RecursiveRidge(RecursiveRidge.forgetFor(memory));
        this.stage2 = new RecursiveRidge(RecursiveRidge.forgetFor(memory));
        this.ridge1 = ridge1;
        this.ridge2 = ridge2;
    }

    /** Starts a batch pair: the statistics of the previous one join the past. */
    void nextBatch() {
        stage1.nextBatch();
        stage2.nextBatch();
    }

    /** The stage-1 batch's statistics (instrument features with the constant, treatment features); replaces an earlier pass's. */
    void addStage1(GramStatistics batch) {
        v = stage1.solve(batch, ridge1);
    }

    /**
     * The stage-2 batch: its instrument features (with the constant) through the pooled stage-1 map, times its
     * covariate features (null: none); needs a stage-1 batch first.
     */
    void addStage2(NDArray phi2, NDArray gamma, NDArray y) {
        if (v == null) {
            throw new IllegalStateException("no stage-1 batch pooled yet");
        }
        NDArray psiHat = phi2.matMul(v.transpose().toNDArray(phi2.getManager(), DataType.FLOAT32));
        u = stage2.solve(GramStatistics.of(DfivTrainer.Run.stage2Rows(psiHat, gamma), y), ridge2);
    }

    boolean hasStage1() {
        return v != null;
    }

    /** Both stages' pooled statistics and weights, for checkpoints. */
    java.util.Map<String, double[]> state() {
        java.util.Map<String, double[]> s = new java.util.LinkedHashMap<>();
        stage1.state().forEach((k, a) -> s.put("stage1." + k, a));
        stage2.state().forEach((k, a) -> s.put("stage2." + k, a));
        if (v != null) {
            s.put("v", v.pack());
        }
        if (u != null) {
            s.put("u", u.pack());
        }
        return s;
    }

    void restore(java.util.Map<String, double[]> s) {
        stage1.restore(DfivCheckpoints.prefixed(s, "stage1."));
        stage2.restore(DfivCheckpoints.prefixed(s, "stage2."));
        v = s.containsKey("v") ? DenseMatrix.unpack(s.get("v")) : null;
        u = s.containsKey("u") ? DenseMatrix.unpack(s.get("u")) : null;
    }

    /** The pooled stage weights on the given networks, or null before both stages have seen a batch. */
    DfivModel model(DfivModel nets) {
        return v == null || u == null ? null : nets.withStages(v, u);
    }
}
