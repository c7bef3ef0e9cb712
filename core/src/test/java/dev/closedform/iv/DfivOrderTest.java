package dev.closedform.iv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.closedform.head.DenseMatrix;
import org.junit.jupiter.api.Test;

/**
 * Backbone-first order (PAPER.md Algorithm 1) in the DFIV loop: each network step uses the previous stage weights,
 * then the stage is re-solved on the features of the updated network. Checked through the proximal normal equations
 * {@code (F^T F / b + (lambda + beta) I) W^T = F^T Y / b + lambda Wprev^T} in double precision, which the
 * solve-then-step order does not satisfy on the updated features.
 */
class DfivOrderTest {

    private static final int ROWS = 120;

    private static DfivTrainer.Run run(NDManager manager, boolean backboneFirst) {
        IvData data = IvTestData.generate(ROWS, 11);
        DfivConfig config = DfivTrainingTest.small(DfivMethod.CF_PROX).optProx(0.5).optStage1Prox(0.7)
                .optBatchSize(ROWS / 2).optLearningRate(5e-2).optBackboneFirst(backboneFirst).build();
        int[][] split = DfivTrainer.split(data.rows(), true, config.seed());
        return new DfivTrainer.Run(manager, data.subset(split[0]), data.subset(split[1]), data, config);
    }

    /** Relative residual of the proximal normal equations of W (o x d) on rows F (b x d) and targets Y (b x o). */
    private static double normalEquationResidual(DenseMatrix f, DenseMatrix y, DenseMatrix w, DenseMatrix prev,
                                                 double lambda, double beta) {
        int b = f.rows();
        DenseMatrix lhs = f.transpose().times(f).scale(1.0 / b).addToDiagonalInPlace(lambda + beta).times(w.transpose());
        DenseMatrix rhs = f.transpose().times(y).scale(1.0 / b);
        rhs.addInPlace(lambda, prev.transpose());
        return lhs.maxAbsDiff(rhs) / (1 + rhs.frobeniusNorm());
    }

    private static double stage1Residual(DfivTrainer.Run run, DenseMatrix prev) {
        int[] rows = DfivTrainer.Run.identity(run.d1.rows());
        NDArray z = run.z1.get(run.manager.create(rows));
        DenseMatrix phi = Stages.withOnes(DenseMatrix.fromNDArray(run.instrument.forwardKeepingStatistics(z)));
        DenseMatrix psi = run.treatment.eval(run.d1.treatment(), run.manager);
        return normalEquationResidual(phi, psi, run.v, prev, run.lambda1, run.ridge1);
    }

    private static double stage2Residual(DfivTrainer.Run run, DenseMatrix prevU) {
        // Stage 2 as the trainer builds it: instrument features in evaluation mode, the stage-1 solve
        // V^T = A^{-1} (Phi1^T psi1 / b + lambda1 Vprev^T) on the current treatment features.
        DenseMatrix phi1 = Stages.withOnes(run.instrument.eval(run.d1.instruments(), run.manager));
        DenseMatrix phi2 = Stages.withOnes(run.instrument.eval(run.d2.instruments(), run.manager));
        DenseMatrix psi1 = run.treatment.eval(run.d1.treatment(), run.manager);
        int b1 = phi1.rows();
        DenseMatrix a = phi1.transpose().times(phi1).scale(1.0 / b1).addToDiagonalInPlace(run.lambda1 + run.ridge1);
        DenseMatrix rhs = phi1.transpose().times(psi1).scale(1.0 / b1);
        rhs.addInPlace(run.lambda1, run.v.transpose());
        DenseMatrix vT = dev.closedform.head.Cholesky.factor(a).solve(rhs);
        DenseMatrix f = Stages.stage2Features(phi2.times(vT), run.covariate.eval(run.d2.covariates(), run.manager));
        return normalEquationResidual(f, Stages.column(run.d2.outcome()), run.u, prevU, run.lambda, run.ridge2);
    }

    @Test
    void stage1IsResolvedOnTheUpdatedInstrumentFeatures() {
        double[] residual = new double[2];
        for (int k = 0; k < 2; k++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                DfivTrainer.Run run = run(manager, k == 0);
                int[] rows = DfivTrainer.Run.identity(run.d1.rows());
                run.stage1Step(rows); // first step: no previous weights, solved before the step in both orders
                DenseMatrix prev = run.v.copy();
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
                run.stage1Step(r1);
                run.stage2Step(r1, r2, true, false, true);
                DenseMatrix prev = run.u.copy();
                run.stage2Step(r1, r2, true, false, true);
                residual[k] = stage2Residual(run, prev);
            }
        }
        assertTrue(residual[0] < 1e-5, "backbone-first: u must solve the proximal stage on the updated features, residual " + residual[0]);
        assertTrue(residual[1] > 100 * residual[0], "solve-then-step should not, residual " + residual[1]);
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
