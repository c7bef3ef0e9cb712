package dev.closedform.iv;

import ai.djl.ndarray.NDManager;
import dev.closedform.head.DenseMatrix;

/**
 * A fitted DFIV estimator: the feature nets and the two stages' weights. The structural function is
 * {@code f(x, w) = u ([psi(x), 1] (x) [gamma(w), 1])}; the stage-1 weights {@code V} (treatment features on
 * instrument features) are kept for inspection. Owns the networks' native memory: close it.
 */
public final class DfivModel implements AutoCloseable {

    private final NDManager manager;
    private final FeatureNet treatment;
    private final FeatureNet instrument;
    private final FeatureNet covariate;
    private final DenseMatrix stage1;
    private final DenseMatrix stage2;

    DfivModel(NDManager manager, FeatureNet treatment, FeatureNet instrument, FeatureNet covariate, DenseMatrix stage1,
              DenseMatrix stage2) {
        this.manager = manager;
        this.treatment = treatment;
        this.instrument = instrument;
        this.covariate = covariate;
        this.stage1 = stage1;
        this.stage2 = stage2;
    }

    /** Stage-1 weights V (treatment features x [instrument features, 1]). */
    public DenseMatrix stage1() {
        return stage1.copy();
    }

    /** Stage-2 weights u (1 x stage-2 features). */
    public DenseMatrix stage2() {
        return stage2.copy();
    }

    /** Predicted structural function at treatment rows {@code x} and covariate rows {@code w} (null if none). */
    public double[] predict(DenseMatrix x, DenseMatrix w) {
        DenseMatrix psi = treatment.eval(x, manager);
        DenseMatrix gamma = covariate == null ? null : covariate.eval(w, manager);
        return Stages.apply(Stages.stage2Features(psi, gamma), stage2).data();
    }

    /** Predicted treatment features on instrument rows {@code z}: {@code [phi(z), 1] V^T}. */
    public DenseMatrix predictTreatmentFeatures(DenseMatrix z) {
        return Stages.apply(Stages.withOnes(instrument.eval(z, manager)), stage1);
    }

    FeatureNet treatment() {
        return treatment;
    }

    FeatureNet instrument() {
        return instrument;
    }

    FeatureNet covariate() {
        return covariate;
    }

    NDManager manager() {
        return manager;
    }

    DfivModel withStages(DenseMatrix v, DenseMatrix u) {
        return new DfivModel(manager, treatment, instrument, covariate, v, u);
    }

    @Override
    public void close() {
        manager.close();
    }
}
