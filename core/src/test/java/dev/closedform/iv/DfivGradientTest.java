package dev.closedform.iv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.closedform.head.DenseMatrix;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stage-2 gradient (stage-1 projection as a constant linear map of the treatment features, stage-2 weights held
 * constant) equals the derivative of the profiled objective J(theta) = min_u L2(u, V*(theta), theta), where both
 * stages are re-solved exactly, checked by central finite differences.
 */
class DfivGradientTest {

    /** J on the full halves, everything re-solved in double. */
    static double profiled(DfivTrainer.Run run, IvData d1, IvData d2, DfivConfig config) {
        DfivModel m = DfivTrainer.exactFit(run.current(), d1, d2, config);
        DenseMatrix phi2 = Stages.withOnes(run.instrument.eval(d2.instruments(), run.manager));
        DenseMatrix f = Stages.stage2Features(Stages.apply(phi2, m.stage1()),
                run.covariate.eval(d2.covariates(), run.manager));
        double[] pred = Stages.apply(f, m.stage2()).data();
        double s = 0;
        for (int i = 0; i < pred.length; i++) {
            double e = d2.outcome()[i] - pred[i];
            s += e * e;
        }
        double norm = m.stage2().frobeniusNorm();
        return s / pred.length + config.ridge2() * norm * norm;
    }

    @Test
    void stage2GradientMatchesFiniteDifferencesOfTheProfiledLoss() {
        IvData data = IvTestData.generate(60, 4);
        DfivConfig config = DfivConfig.builder().setMethod(DfivMethod.DFIV_FULL).optTreatmentHidden("4,2")
                .optInstrumentHidden("5").optInstrumentBatchNorm(false).optCovariateHidden("3")
                .optCovariateWeightDecay(0).optRidge1(0.1).optRidge2(0.1).optSeed(3).build();
        int[][] split = DfivTrainer.split(data.rows(), true, 3);
        IvData d1 = data.subset(split[0]);
        IvData d2 = data.subset(split[1]);
        try (NDManager manager = NDManager.newBaseManager()) {
            DfivTrainer.Run run = new DfivTrainer.Run(manager, d1, d2, data, config);
            int[] all1 = DfivTrainer.Run.identity(d1.rows());
            int[] all2 = DfivTrainer.Run.identity(d2.rows());
            run.stage2Step(all1, all2, true, true, false);
            List<NDArray> params = run.stage2Params;
            int checked = 0;
            double maxTreatmentFd = 0;
            int treatmentCount = run.treatment.parameters().size();
            for (int pi = 0; pi < params.size(); pi++) {
                NDArray p = params.get(pi);
                float[] grad = p.getGradient().toFloatArray();
                float[] base = p.toFloatArray();
                for (int k = 0; k < Math.min(3, base.length); k++) {
                    double eps = 1e-2;
                    float[] plus = base.clone();
                    plus[k] += (float) eps;
                    p.set(FloatBuffer.wrap(plus));
                    double jp = profiled(run, d1, d2, config);
                    float[] minus = base.clone();
                    minus[k] -= (float) eps;
                    p.set(FloatBuffer.wrap(minus));
                    double jm = profiled(run, d1, d2, config);
                    p.set(FloatBuffer.wrap(base));
                    double fd = (jp - jm) / ((double) plus[k] - minus[k]);
                    assertEquals(fd, grad[k], 0.03 * Math.abs(fd) + 2e-3,
                            "parameter " + pi + " entry " + k + ": autograd " + grad[k] + " vs finite difference " + fd);
                    if (pi < treatmentCount) {
                        maxTreatmentFd = Math.max(maxTreatmentFd, Math.abs(fd));
                    }
                    checked++;
                }
            }
            assertTrue(checked >= 12, "checked " + checked);
            // The treatment net reaches the loss only through the stage-1 projection: a detached projection would
            // give it zero gradient, which the finite differences rule out.
            assertTrue(maxTreatmentFd > 0.05, "treatment-net derivative too small to be a check: " + maxTreatmentFd);
        }
    }

    @Test
    void batchNormRunningStatisticsAreNotHandedToTheOptimiser() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FeatureNet net = FeatureNet.mlp(manager, 3, new int[] {8, 4}, true, false);
            int running = 0;
            for (Pair<String, Parameter> p : ((ai.djl.nn.Block) blockOf(net)).getParameters()) {
                if (p.getKey().contains("running")) {
                    running++;
                    NDArray stat = p.getValue().getArray();
                    assertFalse(net.parameters().stream().anyMatch(a -> a == stat), p.getKey());
                }
            }
            assertEquals(2, running);
            // two linear layers (weight, bias) + BatchNorm gamma, beta
            assertEquals(6, net.parameters().size());
        }
    }

    @Test
    void torchInitDrawsWeightsAndBiasesWithinOneOverSqrtFanIn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FeatureNet net = FeatureNet.mlp(manager, 4, new int[] {9, 3}, 0, true, 17);
            FeatureNet same = FeatureNet.mlp(manager, 4, new int[] {9, 3}, 0, true, 17);
            List<NDArray> p = net.parameters();
            // Linear(4->9) weight, bias; BatchNorm gamma, beta; Linear(9->3) weight, bias
            assertEquals(6, p.size());
            checkUniform(p.get(0).toFloatArray(), 0.5);
            checkUniform(p.get(1).toFloatArray(), 0.5);
            checkUniform(p.get(4).toFloatArray(), 1 / 3.0);
            checkUniform(p.get(5).toFloatArray(), 1 / 3.0);
            assertTrue(java.util.Arrays.equals(p.get(4).toFloatArray(), same.parameters().get(4).toFloatArray()), "seeded");
        }
    }

    static void checkUniform(float[] v, double bound) {
        double maxAbs = 0;
        for (float x : v) {
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        assertTrue(maxAbs <= bound + 1e-7, "max |w| " + maxAbs + " > " + bound);
        assertTrue(maxAbs > 0.3 * bound, "values should spread over the bound, max |w| " + maxAbs);
    }

    static Object blockOf(FeatureNet net) {
        try {
            java.lang.reflect.Field f = FeatureNet.class.getDeclaredField("block");
            f.setAccessible(true);
            return f.get(net);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
