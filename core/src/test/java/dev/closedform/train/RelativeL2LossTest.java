package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import dev.closedform.data.RegressionData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The relative-L2 loss of the jointly trained methods, against computations written out by hand in double. */
class RelativeL2LossTest {

    /** {@code sum_s ||p_s - y_s|| / ||y_s||} over samples of {@code width} consecutive values (zero target: absolute error). */
    private static double relativeSum(float[] p, float[] y, int width) {
        double total = 0;
        for (int s = 0; s < p.length / width; s++) {
            double err = 0;
            double norm = 0;
            for (int j = s * width; j < (s + 1) * width; j++) {
                err += ((double) p[j] - y[j]) * ((double) p[j] - y[j]);
                norm += (double) y[j] * y[j];
            }
            total += Math.sqrt(err) / (norm > 0 ? Math.sqrt(norm) : 1);
        }
        return total;
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /**
     * Pointwise rows: 3 samples of 5 grid points x 2 outputs are 15 head rows. The loss is points times the
     * sum over samples of their relative errors (so the loop's mean over head rows is the mean over samples),
     * one sample has an all-zero target (absolute error), and the gradient is the analytic
     * {@code points (p - y) / (||p - y|| ||y||)}.
     */
    @Test
    void lossSumAndGradientEqualTheDirectComputation() {
        int points = 5;
        int outputs = 2;
        Random r = new Random(7);
        float[] p = gaussian(r, 3 * points * outputs);
        float[] y = gaussian(r, 3 * points * outputs);
        int width = points * outputs;
        java.util.Arrays.fill(y, 2 * width, 3 * width, 0f); // third sample: zero field
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(p, new Shape(3L * points, outputs));
            NDArray targ = m.create(y, new Shape(3L * points, outputs));
            pred.setRequiresGradient(true);
            float[] grad;
            double loss;
            try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                NDArray l = Methods.relativeL2Sum(pred, targ, points);
                loss = l.getFloat();
                g.backward(l);
            }
            grad = pred.getGradient().toFloatArray();
            assertEquals(points * relativeSum(p, y, width), loss, 1e-5 * loss);
            for (int s = 0; s < 3; s++) {
                double err = 0;
                double norm = 0;
                for (int j = s * width; j < (s + 1) * width; j++) {
                    err += ((double) p[j] - y[j]) * ((double) p[j] - y[j]);
                    norm += (double) y[j] * y[j];
                }
                double scale = points / (Math.sqrt(err) * (norm > 0 ? Math.sqrt(norm) : 1));
                for (int j = s * width; j < (s + 1) * width; j++) {
                    assertEquals(scale * ((double) p[j] - y[j]), grad[j], 1e-4 * Math.abs(scale), "gradient entry " + j);
                }
            }
        }
    }

    /**
     * Through the loop: adam on the relative-L2 loss of a linear model with 4 outputs per row (one field per
     * row). The reported training loss is the mean relative error of the final head's predictions, computed
     * here from W and the inputs in double; the squared loss is a different number.
     */
    @Test
    void theLoopTrainsAndReportsTheRelativeError() {
        int in = 3;
        int out = 4;
        Random r = new Random(11);
        int n = 64;
        float[] x = gaussian(r, n * in);
        float[] y = new float[n * out];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                y[i * out + o] = (float) (x[i * in + o % in] * (o + 1) + 0.1 * r.nextGaussian());
            }
        }
        RegressionData data = new RegressionData(x, y, Ref.names("x", in), Ref.names("y", out));
        TrainingConfig config = TrainingConfig.builder().setMethod("adam").optLoss(Loss.RELATIVE_L2).optEpochs(30)
                .optBatchSize(16).optLearningRate(0.05).optRidge(0).optSeed(3).build();
        try (LastLayerModel m = new LastLayerModel(Mlp.build(in, new int[0], Activation.RELU), out, true, 3)) {
            List<EpochMetrics> epochs = new TrainingLoop(config).fit(m, data, data, TestMetric.meanSquaredError()).epochs();
            DenseMatrix w = m.head();
            float[] pred = new float[n * out];
            for (int i = 0; i < n; i++) {
                for (int o = 0; o < out; o++) {
                    double f = w.get(o, in);
                    for (int j = 0; j < in; j++) {
                        f += w.get(o, j) * x[i * in + j];
                    }
                    pred[i * out + o] = (float) f;
                }
            }
            double expected = relativeSum(pred, y, out) / n;
            double reported = epochs.get(epochs.size() - 1).trainLoss();
            assertEquals(expected, reported, 1e-4 * expected);
            assertNotEquals(Losses.meanSquaredError(pred, y, n), reported, 1e-3);
            assertTrue(reported < 0.5 * epochs.get(0).trainLoss() || reported < 0.05,
                    "relative error " + epochs.get(0).trainLoss() + " -> " + reported);
        }
    }

    @Test
    void onlyTheJointlyTrainedMethodsTakeAnotherLoss() {
        for (String method : List.of("sgd", "adam", "refit")) {
            assertEquals(Loss.RELATIVE_L2, TrainingConfig.builder().setMethod(method).optLoss(Loss.RELATIVE_L2).build().loss());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setMethod("cf-prox").optLoss(Loss.RELATIVE_L2).build());
        assertTrue(e.getMessage().contains("relative-l2") && e.getMessage().contains("cf-prox"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().setMethod("ce").optLoss(Loss.RELATIVE_L2).build());
        assertEquals(Loss.RELATIVE_L2, Loss.parse(" Relative-L2 "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Loss.parse("l1")).getMessage().contains("squared, relative-l2"));
    }

    /** Checkpoints written before the loss existed carry keys without it: the default loss keeps the key as it was. */
    @Test
    void theDefaultLossLeavesTheResumeKeyAsBefore() {
        TrainingConfig c = TrainingConfig.builder().setMethod("sgd").build();
        assertTrue(!c.resumeKey().contains("loss") && c.resumeKey().contains("schedule=Constant[]"), c.resumeKey());
        TrainingConfig rel = c.toBuilder().optLoss(Loss.RELATIVE_L2).build();
        assertTrue(rel.resumeKey().contains("loss=relative-l2"), rel.resumeKey());
        assertNotEquals(c.resumeKey(), rel.resumeKey());
    }
}
