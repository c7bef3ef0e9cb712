package dev.closedform.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.closedform.data.RegressionData;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingConfig;
import dev.closedform.train.TrainingLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvNetsTest {

    static RegressionData images(int n, int c, int h, int w, int classes, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * c * h * w];
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(classes);
            y[i * classes + label] = 1;
            for (int j = 0; j < c * h * w; j++) {
                // class k: a bright band of rows 2k..2k+1 in noise
                int row = (j % (h * w)) / w;
                x[i * c * h * w + j] = (float) (0.5 * r.nextGaussian() + (row / 2 == label ? 1 : 0));
            }
        }
        List<String> in = new ArrayList<>();
        for (int j = 0; j < c * h * w; j++) {
            in.add("p" + j);
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            out.add("c" + k);
        }
        return new RegressionData(x, y, in, out);
    }

    private static void assertFeatureShape(Backbone b, int c, int h, int w) {
        try (LastLayerModel m = new LastLayerModel(b, 10, true, 1); NDManager nd = NDManager.newBaseManager()) {
            NDArray f = m.features(nd.randomNormal(new Shape(5, (long) c * h * w)), false);
            assertEquals(new Shape(5, b.featureDim() + 1), f.getShape(), b.description());
            assertEquals(b.inputDim(), c * h * w);
        }
    }

    @Test
    void featuresHaveTheDeclaredWidthFor28And32PixelImages() {
        assertFeatureShape(ConvNets.smallCnn(1, 28, 28), 1, 28, 28);
        assertFeatureShape(ConvNets.smallCnn(3, 32, 32), 3, 32, 32);
        assertFeatureShape(ConvNets.resnet(1, 28, 28, 1), 1, 28, 28);
        assertFeatureShape(ConvNets.resnet(3, 32, 32, 1), 3, 32, 32);
        Backbone r20 = ConvNets.resnet(3, 32, 32, 3);
        assertTrue(r20.description().startsWith("resnet-20"), r20.description());
        try (LastLayerModel m = new LastLayerModel(r20, 10, true, 1)) {
            // ResNet-20 for CIFAR has about 0.27 M weights
            long n = m.parameterCount();
            assertTrue(n > 250_000 && n < 300_000, "parameters " + n);
            assertFalse(m.statistics().isEmpty(), "BatchNorm running statistics are found");
            for (String k : m.statistics().keySet()) {
                assertFalse(m.trainableBackboneParameters().containsKey(k), k + " must not be trained");
            }
        }
    }

    private static Map<String, float[]> stats(LastLayerModel m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.statistics().forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    /**
     * One cf-prox step on a full batch: its gradient pass moves the BatchNorm running statistics
     * once; the second (head) pass and the initial W_0 solve must not move them again. So they must
     * equal those after one training-mode forward of the same batch on an identical fresh model.
     */
    @Test
    void cfProxSecondPassLeavesBatchNormRunningStatisticsAlone() {
        RegressionData data = images(24, 1, 8, 8, 3, 5);
        Map<String, float[]> initial;
        Map<String, float[]> afterOneForward;
        Map<String, float[]> afterTwoForwards;
        try (LastLayerModel m = new LastLayerModel(ConvNets.resnet(1, 8, 8, 1), 3, true, 7);
                NDManager nd = NDManager.newBaseManager()) {
            initial = stats(m);
            NDArray x = nd.create(data.x(), new Shape(24, 64));
            m.features(x, true);
            afterOneForward = stats(m);
            m.features(x, true);
            afterTwoForwards = stats(m);
        }
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(1).optBatchSize(24)
                .optLearningRate(0.05).optSeed(1).build();
        Map<String, float[]> afterStep;
        try (LastLayerModel m = new LastLayerModel(ConvNets.resnet(1, 8, 8, 1), 3, true, 7)) {
            new TrainingLoop(config).fit(m, data, data, TestMetric.accuracy());
            afterStep = stats(m);
        }
        boolean movedByOne = false;
        boolean movedByTwo = false;
        for (String k : initial.keySet()) {
            movedByOne |= maxDiff(initial.get(k), afterOneForward.get(k)) > 1e-3;
            movedByTwo |= maxDiff(afterOneForward.get(k), afterTwoForwards.get(k)) > 1e-3;
            assertArrayEquals(afterOneForward.get(k), afterStep.get(k), 1e-5f, k);
        }
        // the check has teeth: a forward pass visibly moves the statistics, and a second one moves them again
        assertTrue(movedByOne, "a training forward moves the running statistics");
        assertTrue(movedByTwo, "a second training forward would move them again");
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** Squared-loss cf-prox, sgd and ce all learn an easy 3-class image problem with the small CNN. */
    @Test
    void smallCnnLearnsAnEasyImageProblem() {
        RegressionData train = images(240, 1, 8, 8, 3, 11);
        RegressionData test = images(120, 1, 8, 8, 3, 12);
        for (String method : new String[] {"cf-prox", "sgd", "ce"}) {
            TrainingConfig config = TrainingConfig.builder().setMethod(method).optEpochs(3).optBatchSize(32)
                    .optLearningRate(0.01).optSeed(1).build();
            try (LastLayerModel m = new LastLayerModel(ConvNets.smallCnn(1, 8, 8), 3, true, 1)) {
                double acc = new TrainingLoop(config).fit(m, train, test, TestMetric.accuracy()).finalTestMetric();
                 assertTrue(acc > 0.95, method + " accuracy " + acc);
            }
        }
    }
}
