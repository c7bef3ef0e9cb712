package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.closedform.data.RegressionData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.ProximalSolver;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Heads produced by the loop against independent double-precision normal-equation solves. */
class ExactSolveTest {

    /** cf-full on an identity backbone is ridge regression on [x, 1], bias regularised too. */
    @Test
    void cfFullOnLinearModelIsExactRidgeRegression() {
        int p = 5;
        int o = 2;
        double beta = 0.05;
        RegressionData train = Ref.linear(11, 120, p, o);
        RegressionData test = Ref.linear(12, 40, p, o);
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-full").optEpochs(2).optRidge(beta).build();
        try (LastLayerModel model = new LastLayerModel(Mlp.build(p, new int[0], Activation.RELU), o, true, 3)) {
            TrainingResult result = new TrainingLoop(config).fit(model, train, test, TestMetric.meanSquaredError());

            double[][] phi = Ref.rows(train.x(), train.rows(), p, true);
            double[][] y = Ref.rows(train.y(), train.rows(), o, false);
            double[][] expected = Ref.ridge(phi, y, beta);
            DenseMatrix head = model.head();
            assertEquals(o, head.rows());
            assertEquals(p + 1, head.cols());
            assertTrue(Ref.relDiff(head, expected) < 1e-5, "head differs from the ridge solve by "
                    + Ref.relDiff(head, expected) + " relative: " + head);
            // beta really enters (including on the bias): the unregularised solve is measurably different
            double[][] unregularised = Ref.ridge(phi, y, 0);
            assertTrue(Ref.relDiff(head, unregularised) > 1e-3, "ridge had no visible effect");

            double[][] testPhi = Ref.rows(test.x(), test.rows(), p, true);
            double[][] testY = Ref.rows(test.y(), test.rows(), o, false);
            double expectedTest = Ref.mse(expected, testPhi, testY);
            double expectedTrain = Ref.mse(expected, phi, y);
            EpochMetrics last = result.last();
            assertEquals(expectedTest, last.testMetric(), 1e-5 * expectedTest);
            assertEquals(expectedTrain, last.trainLoss(), 1e-5 * expectedTrain);
            assertEquals(2, result.epochs().size());
            assertEquals(2, last.steps(), "cf-full takes one step per epoch");
        }
    }

    /**
     * With the bias left out of the penalty, cf-full on a linear model is textbook ridge regression:
     * computed independently as ridge on centred inputs and targets, intercept = mean(y) - w . mean(x).
     */
    @Test
    void cfFullWithUnpenalisedBiasIsRidgeOnCentredData() {
        int p = 4;
        int o = 2;
        double beta = 0.2;
        RegressionData train = Ref.linear(31, 90, p, o);
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-full").optEpochs(1).optRidge(beta)
                .optRidgeOnBias(false).build();
        try (LastLayerModel model = new LastLayerModel(Mlp.build(p, new int[0], Activation.RELU), o, true, 3)) {
            new TrainingLoop(config).fit(model, train, train, TestMetric.meanSquaredError());
            int n = train.rows();
            double[][] x = Ref.rows(train.x(), n, p, false);
            double[][] y = Ref.rows(train.y(), n, o, false);
            double[] mx = new double[p];
            double[] my = new double[o];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    mx[j] += x[i][j] / n;
                }
                for (int r = 0; r < o; r++) {
                    my[r] += y[i][r] / n;
                }
            }
            double[][] xc = new double[n][p];
            double[][] yc = new double[n][o];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    xc[i][j] = x[i][j] - mx[j];
                }
                for (int r = 0; r < o; r++) {
                    yc[i][r] = y[i][r] - my[r];
                }
            }
            double[][] w = Ref.ridge(xc, yc, beta);
            double[][] expected = new double[o][p + 1];
            for (int r = 0; r < o; r++) {
                double intercept = my[r];
                for (int j = 0; j < p; j++) {
                    expected[r][j] = w[r][j];
                    intercept -= w[r][j] * mx[j];
                }
                expected[r][p] = intercept;
            }
            assertTrue(Ref.relDiff(model.head(), expected) < 1e-5, "head differs from centred ridge by "
                    + Ref.relDiff(model.head(), expected) + ": " + model.head());
            // and it is not the solve that penalises the bias
            assertTrue(Ref.relDiff(model.head(), Ref.ridge(Ref.rows(train.x(), n, p, true), y, beta)) > 1e-4);
        }
    }

    /** Without the bias column the head is ridge on x alone. */
    @Test
    void cfFullWithoutBiasSolvesOnInputsOnly() {
        int p = 4;
        double beta = 0.01;
        RegressionData train = Ref.linear(21, 80, p, 1);
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-full").optEpochs(1).optRidge(beta).build();
        try (LastLayerModel model = new LastLayerModel(Mlp.build(p, new int[0], Activation.RELU), 1, false, 3)) {
            new TrainingLoop(config).fit(model, train, train, TestMetric.meanSquaredError());
            double[][] expected = Ref.ridge(Ref.rows(train.x(), train.rows(), p, false),
                    Ref.rows(train.y(), train.rows(), 1, false), beta);
            assertEquals(p, model.head().cols());
            assertTrue(Ref.relDiff(model.head(), expected) < 1e-5);
        }
    }

    /**
     * refit: the final head is the ridge solve on the final backbone's features of the whole training
     * set, and the backbone is exactly what plain sgd with the same seed produces.
     */
    @Test
    void refitHeadIsRidgeOnFinalFeatures() {
        int p = 3;
        double beta = 0.02;
        RegressionData train = Ref.sines(31, 96, p);
        TrainingConfig refit = TrainingConfig.builder().setMethod("refit").optEpochs(2).optBatchSize(16)
                .optLearningRate(0.05).optRidge(beta).optSeed(4).build();
        TrainingConfig sgd = refit.toBuilder().setMethod("sgd").build();
        try (LastLayerModel model = new LastLayerModel(Mlp.build(p, new int[] {8}, Activation.TANH), 1, true, 9);
             LastLayerModel plain = new LastLayerModel(Mlp.build(p, new int[] {8}, Activation.TANH), 1, true, 9);
             NDManager m = NDManager.newBaseManager()) {
            new TrainingLoop(refit).fit(model, train, train, TestMetric.meanSquaredError());
            new TrainingLoop(sgd).fit(plain, train, train, TestMetric.meanSquaredError());

            NDArray x = m.create(train.x(), new Shape(train.rows(), p));
            NDArray y = m.create(train.y(), new Shape(train.rows(), 1));
            NDArray features = model.features(x, false);
            DenseMatrix solver = ProximalSolver.ridge(features, y, beta);
            double[][] phi = toRows(DenseMatrix.fromNDArray(features));
            double[][] expected = Ref.ridge(phi, Ref.rows(train.y(), train.rows(), 1, false), beta);
            assertTrue(Ref.relDiff(model.head(), expected) < 1e-5, "refit head vs reference: "
                    + Ref.relDiff(model.head(), expected));
            assertTrue(Ref.relDiff(model.head(), solver) < 1e-5);

            Map<String, NDArray> a = model.backboneParameters();
            Map<String, NDArray> b = plain.backboneParameters();
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) {
                assertArrayEquals(b.get(k).toFloatArray(), a.get(k).toFloatArray(), k);
            }
            // sgd's jointly trained head is not the exact solve, so the refit did something
            assertTrue(Ref.relDiff(plain.head(), expected) > 1e-3);
        }
    }

    static double[][] toRows(DenseMatrix d) {
        double[][] out = new double[d.rows()][d.cols()];
        for (int i = 0; i < d.rows(); i++) {
            for (int j = 0; j < d.cols(); j++) {
                out[i][j] = d.get(i, j);
            }
        }
        return out;
    }
}
