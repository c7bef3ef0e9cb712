package dev.closedform.iv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.closedform.head.DenseMatrix;
import org.junit.jupiter.api.Test;

/**
 * Backbone-first order (the paper's Algorithm 1) in the DFIV loop: each network step uses the previous stage weights,
 * then the stage is re-solved on the features of the updated network. Checked through the proximal normal equations
 * {@code (F^T F / b + (lambda + beta) I) W^T = F^T Y / b + lambda Wprev^T} in double precision, which the
 * solve-then-step order does not satisfy on the updated features.
 */
class DfivOrderTest {

    private static final int ROWS = 120;

    private static DfivTrainer.Run run(NDManager manager, boolean backboneFirst) {
        return run(manager, backboneFirst, false);
    }

    private static DfivTrainer.Run run(NDManager manager, boolean backboneFirst, boolean scaled) {
        IvData data = IvTestData.generate(ROWS, 11);
        DfivConfig config = DfivTrainingTest.small(DfivMethod.CF_PROX).optProx(0.5).optStage1Prox(0.7)
                .optBatchSize(ROWS / 2).optLearningRate(5e-2).optBackboneFirst(backboneFirst).optScaledProx(scaled).build();
        int[][] split = DfivTrainer.split(data.rows(), true, config.seed());
        return new DfivTrainer.Run(manager, data.subset(split[0]), data.subset(split[1]), data, config);
    }

    /**
     * Relative residual of the proximal normal equations {@code (G + lambda P + beta I) W^T = F^T Y / b + lambda P Wprev^T},
     * G = F^T F / b, of W (o x d) on rows F (b x d) and targets Y (b x o); P = I, or diag(G) when {@code scaled}.
     */
    private static double normalEquationResidual(DenseMatrix f, DenseMatrix y, DenseMatrix w, DenseMatrix prev,
                                                 double lambda, double beta, boolean scaled) {
        int b = f.rows();
        DenseMatrix p = metric(f.transpose().times(f).scale(1.0 / b), scaled);
        DenseMatrix lhs = f.transpose().times(f).scale(1.0 / b).addToDiagonalInPlace(beta);
        lhs.addInPlace(lambda, p);
        DenseMatrix rhs = f.transpose().times(y).scale(1.0 / b);
        rhs.addInPlace(lambda, p.times(prev.transpose()));
        return lhs.times(w.transpose()).maxAbsDiff(rhs) / (1 + rhs.frobeniusNorm());
    }

    private static DenseMatrix metric(DenseMatrix gram, boolean scaled) {
        DenseMatrix p = DenseMatrix.zeros(gram.rows(), gram.cols());
        for (int j = 0; j < gram.rows(); j++) {
            p.set(j, j, scaled ? gram.get(j, j) : 1.0);
        }
        return p;
    }

    private static double stage1Residual(DfivTrainer.Run run, DenseMatrix prev) {
        return stage1Residual(run, prev, false);
    }

    private static double stage1Residual(DfivTrainer.Run run, DenseMatrix prev, boolean scaled) {
        int[] rows = DfivTrainer.Run.identity(run.d1.rows());
        NDArray z = run.z1.get(run.manager.create(rows));
        DenseMatrix phi = Stages.withOnes(DenseMatrix.fromNDArray(run.instrument.forwardKeepingStatistics(z)));
        DenseMatrix psi = run.treatment.eval(run.d1.treatment(), run.manager);
        return normalEquationResidual(phi, psi, run.v, prev, run.lambda1, run.ridge1, scaled);
    }

    private static double stage2Residual(DfivTrainer.Run run, DenseMatrix prevU) {
        return stage2Residual(run, prevU, false);
    }

    private static double stage2Residual(DfivTrainer.Run run, DenseMatrix prevU, boolean scaled) {
        // Stage 2 as the trainer builds it: instrument features in evaluation mode, the stage-1 solve
        // V^T = A^{-1} (Phi1^T psi1 / b + lambda1 V0^T) on the current treatment features.
        DenseMatrix phi1 = Stages.withOnes(run.instrument.eval(run.d1.instruments(), run.manager));
        DenseMatrix phi2 = Stages.withOnes(run.instrument.eval(run.d2.instruments(), run.manager));
        DenseMatrix psi1 = run.treatment.eval(run.d1.treatment(), run.manager);
        int b1 = phi1.rows();
        DenseMatrix g1 = phi1.transpose().times(phi1).scale(1.0 / b1);
        DenseMatrix p1 = metric(g1, scaled);
        DenseMatrix a = g1.copy().addToDiagonalInPlace(run.ridge1);
        a.addInPlace(run.lambda1, p1);
        DenseMatrix rhs = phi1.transpose().times(psi1).scale(1.0 / b1);
        rhs.addInPlace(run.lambda1, p1.times(run.v0.transpose())); // the stage-1 anchor W_{t-1} of this batch pair
        DenseMatrix vT = dev.closedform.head.Cholesky.factor(a).solve(rhs);
        DenseMatrix f = Stages.stage2Features(phi2.times(vT), run.covariate.eval(run.d2.covariates(), run.manager));
        return normalEquationResidual(f, Stages.column(run.d2.outcome()), run.u, prevU, run.lambda, run.ridge2, scaled);
    }

    @Test
    void stage1IsResolvedOnTheUpdatedInstrumentFeatures() {
        double[] residual = new double[2];
        for (int k = 0; k < 2; k++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                DfivTrainer.Run run = run(manager, k == 0);
                int[] rows = DfivTrainer.Run.identity(run.d1.rows());
                run.beginBatchPair();
                run.stage1Step(rows); // first step: no previous weights, solved before the step in both orders
                DenseMatrix prev = run.v.copy();
                run.beginBatchPair();
                run.stage1Step(rows);
                residual[k] = stage1Residual(run, prev);
            }
        }
        assertTrue(residual[0] < 1e-5, "backbone-first: V must solve the proximal stage on the updated features, residual " + residual[0]);
        assertTrue(residual[1] > 100 * residual[0], "solve-then-step should not, residual " + residual[1]);
    }

    @Test
    void stage2IsResolvedOnTheUpdatedTreatmentFeatures() {
        double[] residual = new double[2];
        for (int k = 0; k < 2; k++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                DfivTrainer.Run run = run(manager, k == 0);
                int[] r1 = DfivTrainer.Run.identity(run.d1.rows());
                int[] r2 = DfivTrainer.Run.identity(run.d2.rows());
                run.beginBatchPair();
                run.stage1Step(r1);
                run.stage2Step(r1, r2, true, false, true);
                DenseMatrix prev = run.u.copy();
                run.beginBatchPair();
                run.stage1Step(r1);
                run.stage2Step(r1, r2, true, false, true);
                residual[k] = stage2Residual(run, prev);
            }
        }
        assertTrue(residual[0] < 1e-5, "backbone-first: u must solve the proximal stage on the updated features, residual " + residual[0]);
        assertTrue(residual[1] > 100 * residual[0], "solve-then-step should not, residual " + residual[1]);
    }

    @Test
    void diagonalMetricStagesSolveTheirOwnNormalEquations() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DfivTrainer.Run run = run(manager, true, true);
            int[] r1 = DfivTrainer.Run.identity(run.d1.rows());
            int[] r2 = DfivTrainer.Run.identity(run.d2.rows());
            run.beginBatchPair();
            run.stage1Step(r1);
            run.stage2Step(r1, r2, true, false, true);
            DenseMatrix v0 = run.v.copy();
            DenseMatrix u0 = run.u.copy();
            run.beginBatchPair();
            run.stage1Step(r1);
            double s1 = stage1Residual(run, v0, true); // before the treatment step changes stage 1's targets
            run.stage2Step(r1, r2, true, false, true);
            double s2 = stage2Residual(run, u0, true);
            assertTrue(s1 < 1e-5 && s2 < 1e-5, "diagonal-metric residuals " + s1 + ", " + s2);
            double i2 = stage2Residual(run, u0, false);
            assertTrue(i2 > 100 * s2, "the identity metric's equations should not hold, residual " + i2);
        }
    }

    @Test
    void innerStepsOfOneBatchPairAllPullTowardsTheWeightsBeforeIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DfivTrainer.Run run = run(manager, true);
            int[] rows = DfivTrainer.Run.identity(run.d1.rows());
            run.beginBatchPair();
            run.stage1Step(rows);
            DenseMatrix anchor = run.v.copy();
            run.beginBatchPair();
            run.stage1Step(rows);
            DenseMatrix inner = run.v.copy();
            run.stage1Step(rows); // a second step on the same batch pair
            double towardsAnchor = stage1Residual(run, anchor);
            double towardsInner = stage1Residual(run, inner);
            assertTrue(towardsAnchor < 1e-5, "anchor W_{t-1}: residual " + towardsAnchor);
            assertTrue(towardsInner > 100 * towardsAnchor, "not the previous inner step: residual " + towardsInner);
        }
    }

    @Test
    void secondForwardPassLeavesBatchNormStatisticsAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DfivTrainer.Run run = run(manager, true);
            NDArray z = run.z1;
            run.instrument.forward(z, true); // moves the running statistics away from their initial values
            float[][] before = runningStatistics(run.instrument);
            NDArray out = run.instrument.forwardKeepingStatistics(z);
            float[][] after = runningStatistics(run.instrument);
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], "running statistic " + i + " changed");
            }
            // and it normalised with the batch's own statistics: each BatchNorm output column has mean ~ beta = 0
            float[] col = out.mean(new int[] {0}).toFloatArray();
            for (float c : col) {
                assertTrue(Math.abs(c) < 1e-4, "batch-normalised column mean " + c);
            }
            assertTrue(before.length == 2, "instrument net has one BatchNorm (mean and variance)");
        }
    }

    private static float[][] runningStatistics(FeatureNet net) {
        return net.runningStatistics().stream().map(NDArray::toFloatArray).toArray(float[][]::new);
    }
}
