package dev.closedform.iv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.head.DenseMatrix;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Every variant trains on a small non-linear IV problem, is seeded, and learns something 2SLS cannot. */
class DfivTrainingTest {

    static double[][] grid = DfivLinearTest.grid();

    static ToDoubleFunction<DfivModel> metric() {
        return m -> DfivLinearTest.mse(DfivLinearTest.predict(m, grid), grid);
    }

    /**
     * cf-auto gets 8 epochs (16 batch pairs): its choices come from GCV curves averaged over selections, and
     * after the 3 choosing pairs of 2 epochs its stage 2 is barely regularised (grid MSE 89, worse than
     * predicting 0 at 50; 4 epochs 51, 8 epochs 11; cf-prox 1.9 after 2).
     */
    static DfivConfig.Builder small(DfivMethod method) {
        int epochs = method.fullBatch() ? 4 : method == DfivMethod.CF_AUTO ? 8 : 2;
        return DfivConfig.builder().setMethod(method).optTreatmentHidden("8,1").optInstrumentHidden("16,8")
                .optCovariateHidden("8,4").optBatchSize(50).optEpochs(epochs).optStage1Iters(method.fullBatch() ? 3 : 0).optLearningRate(1e-2)
                .optSeed(2);
    }

    @Test
    void everyVariantRunsIsFiniteAndSeeded() {
        IvData data = IvTestData.generate(200, 9);
        for (DfivMethod method : DfivMethod.values()) {
            DfivTrainer.Result a = DfivTrainer.train(data, small(method).build(), metric());
            DfivTrainer.Result b = DfivTrainer.train(data, small(method).build(), metric());
            try (DfivModel ma = a.model(); DfivModel mb = b.model()) {
                int epochs = small(method).build().epochs();
                assertEquals(epochs, a.curve().size(), method.label());
                assertTrue(Double.isFinite(a.finalMetric()), method.label() + " " + a.finalMetric());
                assertTrue(a.finalMetric() < 20, method.label() + " mse " + a.finalMetric());
                assertArrayEquals(ma.stage2().data(), mb.stage2().data(), 1e-9, method.label() + " not reproducible");
                assertEquals(method.refit() && !method.fullBatch(), Double.isFinite(a.metricBeforeRefit()), method.label());
                // stage-2 weights: [psi,1] (x) [gamma,1] = 2 x 5
                assertEquals(10, ma.stage2().cols());
                assertEquals(9, ma.stage1().cols()); // [phi(z), 1]
            }
        }
    }

    /** cf-auto's choices are in every epoch's metrics, for both stages, as values of its grid. */
    @Test
    void cfAutoRecordsItsChoicesPerEpoch() {
        IvData data = IvTestData.generate(200, 9);
        DfivTrainer.Result r = DfivTrainer.train(data, small(DfivMethod.CF_AUTO).build(), metric());
        r.model().close();
        java.util.List<Double> lambdas = new java.util.ArrayList<>();
        java.util.List<Double> betas = new java.util.ArrayList<>();
        for (int c = 0; c < dev.closedform.head.AutoProximal.PENALTIES.length; c++) {
            for (int k = 0; k < dev.closedform.head.AutoProximal.ZERO_SHARES.length; k++) {
                lambdas.add(new dev.closedform.head.AutoProximal.Choice(c, k).lambda());
                betas.add(new dev.closedform.head.AutoProximal.Choice(c, k).beta());
            }
        }
        // epoch 1 holds the first batch pair (a ridge solve, no choice) and one choosing pair
        for (dev.closedform.train.EpochMetrics m : r.curve()) {
            for (String stage : new String[] {"stage1_", "stage2_"}) {
                Double lambda = m.diagnostics().get(stage + "lambda");
                Double beta = m.diagnostics().get(stage + "beta");
                assertTrue(lambda != null && beta != null, "epoch " + m.epoch() + ": " + m.diagnostics());
                assertTrue(lambdas.contains(lambda) && betas.contains(beta),
                        "epoch " + m.epoch() + " " + stage + ": lambda " + lambda + ", beta " + beta + " are not values of the grid");
            }
        }
        DfivTrainer.Result prox = DfivTrainer.train(data, small(DfivMethod.CF_PROX).build(), metric());
        prox.model().close();
        assertTrue(prox.curve().get(0).diagnostics().isEmpty(), "cf-prox records no choices");
    }

    @Test
    void refitIsTheExactStageSolveOnTheFinalNetworks() {
        IvData data = IvTestData.generate(200, 5);
        DfivConfig config = small(DfivMethod.DFIV_BATCH_REFIT).optEpochs(2).build();
        try (DfivModel m = DfivTrainer.train(data, config, null).model()) {
            int[][] split = DfivTrainer.split(data.rows(), true, config.seed());
            IvData d1 = data.subset(split[0]);
            IvData d2 = data.subset(split[1]);
            DenseMatrix psi1 = m.treatment().eval(d1.treatment(), m.manager());
            DenseMatrix phi1 = Stages.withOnes(m.instrument().eval(d1.instruments(), m.manager()));
            // stage-1 normal equations: (Phi^T Phi / n + beta I) V^T = Phi^T Psi / n
            DenseMatrix lhs = phi1.transpose().times(phi1).scale(1.0 / d1.rows()).addToDiagonalInPlace(config.ridge1())
                    .times(m.stage1().transpose());
            DenseMatrix rhs = phi1.transpose().times(psi1).scale(1.0 / d1.rows());
            assertTrue(lhs.maxAbsDiff(rhs) < 1e-8 * (1 + rhs.frobeniusNorm()), "stage-1 normal equations");
        }
    }

    @Test
    void hugeProximalCoefficientFreezesTheStageWeights() {
        // lambda -> infinity: W_t -> W_{t-1}, so the stage-2 weights stay at the first batch's ridge solve
        IvData data = IvTestData.generate(200, 6);
        DfivConfig frozen = small(DfivMethod.CF_PROX).optProx(1e9).optEpochs(2).build();
        DfivConfig free = small(DfivMethod.CF_PROX).optProx(1e-3).optEpochs(2).build();
        try (DfivModel a = DfivTrainer.train(data, frozen, null).model();
             DfivModel b = DfivTrainer.train(data, free, null).model()) {
            DfivConfig oneStep = small(DfivMethod.CF_PROX).optProx(1e9).optEpochs(1).build();
            try (DfivModel c = DfivTrainer.train(data, oneStep, null).model()) {
                assertTrue(a.stage2().maxAbsDiff(c.stage2()) < 1e-3 * (1 + c.stage2().frobeniusNorm()),
                        "lambda=1e9 should keep u fixed across epochs");
            }
            assertTrue(a.stage2().maxAbsDiff(b.stage2()) > 1e-2, "small lambda must move u");
        }
    }

    @Test
    void eachNetGetsTheDocumentedNumberOfStepsPerEpoch() {
        IvData data = IvTestData.generate(200, 3);
        // full batch, method defaults: per epoch 20 instrument, 20 covariate, 1 treatment step (original DFIV)
        DfivConfig full = small(DfivMethod.DFIV_FULL).optStage1Iters(0).optEpochs(2).build();
        DfivTrainer.Result r = DfivTrainer.train(data, full, null);
        r.model().close();
        assertEquals(new DfivTrainer.StepCounts(40, 40, 2), r.steps());
        // mini-batch: 100 rows per half / batch 50 = 2 batch pairs per epoch, each with the configured counts
        DfivConfig batch = small(DfivMethod.CF_PROX).optStage1Iters(3).optCovariateIters(2).optStage2Iters(1).optEpochs(2)
                .build();
        r = DfivTrainer.train(data, batch, null);
        r.model().close();
        assertEquals(new DfivTrainer.StepCounts(12, 8, 4), r.steps());
    }

    @Test
    void covariateAndTreatmentStepsTouchOnlyTheirOwnNet() {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            DfivTrainer.Run run = fullBatchRun(manager);
            float[] t0 = run.treatmentParams.get(0).toFloatArray();
            float[] c0 = run.covariateParams.get(0).toFloatArray();
            fullStage2Step(run, false, true);
            assertArrayEquals(t0, run.treatmentParams.get(0).toFloatArray(), "covariate step moved the treatment net");
            float[] c1 = run.covariateParams.get(0).toFloatArray();
            assertTrue(!java.util.Arrays.equals(c0, c1), "covariate step did not move the covariate net");
            fullStage2Step(run, true, false);
            assertArrayEquals(c1, run.covariateParams.get(0).toFloatArray(), "treatment step moved the covariate net");
            assertTrue(!java.util.Arrays.equals(t0, run.treatmentParams.get(0).toFloatArray()),
                    "treatment step did not move the treatment net");
        }
    }

    @Test
    void eachMethodWithoutRefitIsItsRefitCounterpartReadBeforeTheRefit() {
        IvData data = IvTestData.generate(200, 4);
        int pairs = 0;
        for (DfivMethod withRefit : DfivMethod.values()) {
            DfivMethod without = withRefit.withoutRefit();
            if (without == null) {
                continue;
            }
            pairs++;
            assertTrue(withRefit.refit() && !without.refit() && withRefit.proximal() == without.proximal(), withRefit.label());
            DfivTrainer.Result refit = DfivTrainer.train(data, small(withRefit).build(), metric());
            DfivTrainer.Result plain = DfivTrainer.train(data, small(without).build(), metric());
            refit.model().close();
            plain.model().close();
            assertEquals(plain.finalMetric(), refit.beforeRefit().finalMetric(), 1e-9 * (1 + plain.finalMetric()), without.label());
            assertEquals(plain.curve().size(), refit.beforeRefit().curve().size());
        }
        assertEquals(2, pairs, "dfiv-batch-refit and cf-prox-refit");
    }

    @Test
    void recursiveStagesWithNoMemoryAreThePerBatchRidgeSolves() {
        // forgetting factor 0 (memory of one batch pair): the pooled past weighs nothing, so cf-rls must train
        // exactly as dfiv-batch, including the stage-1 map the treatment-net gradient goes through
        IvData data = IvTestData.generate(200, 12);
        DfivTrainer.Result rls = DfivTrainer.train(data, small(DfivMethod.CF_RLS).optRlsMemory(1).build(), metric());
        DfivTrainer.Result batch = DfivTrainer.train(data, small(DfivMethod.DFIV_BATCH).build(), metric());
        DfivTrainer.Result remembering = DfivTrainer.train(data, small(DfivMethod.CF_RLS).optRlsMemory(4).build(), metric());
        try (DfivModel a = rls.model(); DfivModel b = batch.model(); DfivModel c = remembering.model()) {
            assertTrue(a.stage2().maxAbsDiff(b.stage2()) < 1e-4 * (1 + b.stage2().frobeniusNorm()),
                    "memory 1: " + a.stage2() + " vs " + b.stage2());
            assertTrue(a.stage1().maxAbsDiff(b.stage1()) < 1e-4 * (1 + b.stage1().frobeniusNorm()));
            assertTrue(c.stage2().maxAbsDiff(b.stage2()) > 1e-2, "a longer memory must change the weights");
        }
    }

    @Test
    void pooledFinalWeightsOnFrozenNetworksAreTheExactFit() {
        // networks that do not move (learning rate 1e-12, no BatchNorm running statistics), one batch pair per epoch (each the whole half) and a memory
        // longer than the run: the pooled statistics are the halves' own, so the pooled stage weights must equal the
        // exact fit; the training solves use 5x the ridge (--batch-ridge-factor), so the last weights must not
        IvData data = IvTestData.generate(200, 13);
        DfivConfig.Builder b = small(DfivMethod.DFIV_BATCH).optInstrumentBatchNorm(false).optCovariateBatchNorm(false).optLearningRate(1e-12)
                .optEpochs(3).optBatchSize(100).optBatchRidgeFactor(5).optRlsMemory(1e9);
        DfivConfig pooledConfig = b.optPooledFinal(true).build();
        DfivConfig lastConfig = b.optPooledFinal(false).build();
        int[][] split = DfivTrainer.split(data.rows(), true, pooledConfig.seed());
        try (DfivModel pooled = DfivTrainer.train(data, pooledConfig, null).model();
             DfivModel last = DfivTrainer.train(data, lastConfig, null).model()) {
            DfivModel exact = DfivTrainer.exactFit(pooled, data.subset(split[0]), data.subset(split[1]), pooledConfig);
            double scale = 1 + exact.stage2().frobeniusNorm();
            assertTrue(pooled.stage1().maxAbsDiff(exact.stage1()) < 1e-4 * (1 + exact.stage1().frobeniusNorm()),
                    "stage 1: " + pooled.stage1() + " vs " + exact.stage1());
            assertTrue(pooled.stage2().maxAbsDiff(exact.stage2()) < 1e-4 * scale, "stage 2: " + pooled.stage2() + " vs " + exact.stage2());
            assertTrue(last.stage2().maxAbsDiff(exact.stage2()) > 1e-2 * scale, "the last batch's weights are not the exact fit");
        }
    }

    @Test
    void proximalDefaultsLiveInTheConfig() {
        DfivConfig prox = DfivConfig.builder().setMethod(DfivMethod.CF_PROX).build();
        assertEquals(DfivConfig.DEFAULT_PROX, prox.effectiveStage2Prox(), 0);
        assertEquals(DfivConfig.DEFAULT_STAGE1_PROX, prox.effectiveStage1Prox(), 0);
        assertEquals(0.7, DfivConfig.builder().setMethod(DfivMethod.CF_PROX).optProx(0.7).optStage1Prox(-1).build()
                .effectiveStage1Prox(), 0, "negative: the same as the stage-2 lambda");
        assertTrue(DfivConfig.builder().setMethod(DfivMethod.CF_RLS).build().recursiveStage1());
        DfivConfig rlsProx1 = DfivConfig.builder().setMethod(DfivMethod.CF_RLS).optStage1Prox(3).build();
        assertTrue(!rlsProx1.recursiveStage1() && rlsProx1.effectiveStage1Prox() == 3);
        assertEquals(0, DfivConfig.builder().setMethod(DfivMethod.DFIV_BATCH).build().effectiveStage1Prox(), 0);
    }

    @Test
    void cosineScheduleScalesTheAdamStep() {
        float[][] moved = new float[2][];
        float[] start = null;
        for (int k = 0; k < 2; k++) {
            try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
                DfivTrainer.Run run = fullBatchRun(manager);
                run.lrScale = k == 0 ? 1 : 0.25;
                start = run.treatmentParams.get(0).toFloatArray();
                fullStage2Step(run, true, false);
                moved[k] = run.treatmentParams.get(0).toFloatArray();
            }
        }
        for (int i = 0; i < start.length; i++) {
            assertEquals(0.25 * (moved[0][i] - start[i]), moved[1][i] - start[i], 1e-6);
        }
    }

    /** A dfiv-full run (small nets, 100 rows, seeded) before any step. */
    static DfivTrainer.Run fullBatchRun(ai.djl.ndarray.NDManager manager) {
        IvData data = IvTestData.generate(100, 8);
        DfivConfig config = small(DfivMethod.DFIV_FULL).build();
        int[][] split = DfivTrainer.split(data.rows(), true, config.seed());
        return new DfivTrainer.Run(manager, data.subset(split[0]), data.subset(split[1]), data, config);
    }

    /** One stage-2 step on both whole halves, training the treatment and/or the covariate net. */
    static void fullStage2Step(DfivTrainer.Run run, boolean treatment, boolean covariate) {
        run.stage2Step(DfivTrainer.Run.identity(run.d1.rows()), DfivTrainer.Run.identity(run.d2.rows()), treatment,
                covariate, true);
    }
}
