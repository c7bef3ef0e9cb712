package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.RegressionData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.NotPositiveDefiniteException;
import dev.closedform.model.Activation;
import dev.closedform.model.LastLayerModel;
import dev.closedform.model.Mlp;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * cf-prox's W_0 ({@link InitialHead}), checked through the head after one epoch against a double-precision chain
 * of solves. Batches of 8 rows on 21 features (20 inputs and the bias) are rank-deficient: without a ridge the
 * first batch's plain least-squares solve is singular, while every cf-prox step with lambda > 0 is well posed.
 */
class InitialSolveTest {

    private static final int P = 20;
    private static final int BATCH = 8;
    private static final RegressionData TRAIN = Ref.linear(5, 40, P, 1);

    private static DenseMatrix fitOneEpoch(TrainingConfig config) {
        RecordedCheckpoints recorder = new RecordedCheckpoints();
        // no hidden layer: the features are the inputs, so the loop's head is a chain of solves on known rows
        try (LastLayerModel model = new LastLayerModel(Mlp.build(P, new int[0], Activation.RELU), 1, true, 3)) {
            new TrainingLoop(config).optCheckpoints(recorder).fit(model, TRAIN, TRAIN, TestMetric.meanSquaredError());
        }
        return DenseMatrix.of(1, P + 1, recorder.saved.get(0).head());
    }

    /** (G / n + c I)^{-1} applied to the right-hand side b (one output), from the rows in double precision. */
    private static double[] solve(double[][] x, double[][] y, int[] rows, double c, double lambda, double[] previous) {
        int d = P + 1;
        double[][] a = new double[d][d];
        double[][] b = new double[d][1];
        for (int i : rows) {
            for (int j = 0; j < d; j++) {
                b[j][0] += y[i][0] * x[i][j] / rows.length;
                for (int k = 0; k < d; k++) {
                    a[j][k] += x[i][j] * x[i][k] / rows.length;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            a[j][j] += c;
            b[j][0] += lambda * previous[j];
        }
        double[][] w = Ref.solve(a, b);
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            out[j] = w[j][0];
        }
        return out;
    }

    @Test
    void cfProxWithoutRidgeStartsFromItsProximalStepFromZero() {
        double lambda = 0.5;
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(1).optBatchSize(BATCH)
                .optRidge(0).optProx(lambda).optSeed(2).build();
        DenseMatrix actual = fitOneEpoch(config);
        double[][] x = Ref.rows(TRAIN.x(), TRAIN.rows(), P, true);
        double[][] y = Ref.rows(TRAIN.y(), TRAIN.rows(), 1, false);
        int[] first = Arrays.copyOfRange(TrainingLoop.batchOrder(2, TRAIN.rows(), 1), 0, BATCH);
        // W_0 = the ridge solve with lambda on the first batch (the step from W = 0), then one cf-prox step per batch
        double[][] expected = chainFrom(solve(x, y, first, lambda, 0, new double[P + 1]), lambda, 0);
        double rel = Ref.relDiff(actual, expected);
        assertTrue(rel < 1e-5, "relative difference to the double-precision chain of solves: " + rel);
    }

    /** The loop's head after one epoch of cf-prox from {@code w0}: one proximal step per batch, in double precision. */
    private static double[][] chainFrom(double[] w0, double lambda, double beta) {
        double[][] x = Ref.rows(TRAIN.x(), TRAIN.rows(), P, true);
        double[][] y = Ref.rows(TRAIN.y(), TRAIN.rows(), 1, false);
        int[] order = TrainingLoop.batchOrder(2, TRAIN.rows(), 1);
        double[] w = w0;
        for (int from = 0; from < order.length; from += BATCH) {
            w = solve(x, y, Arrays.copyOfRange(order, from, from + BATCH), lambda + beta, lambda, w);
        }
        return new double[][] {w};
    }

    @Test
    void theInitialHeadIsTheRidgeSolveOrTheProximalStepFromZeroAsConfigured() {
        double lambda = 0.5;
        double beta = 0.05;
        double[][] x = Ref.rows(TRAIN.x(), TRAIN.rows(), P, true);
        double[][] y = Ref.rows(TRAIN.y(), TRAIN.rows(), 1, false);
        int[] first = Arrays.copyOfRange(TrainingLoop.batchOrder(2, TRAIN.rows(), 1), 0, BATCH);
        double[][] fromRidge = chainFrom(solve(x, y, first, beta, 0, new double[P + 1]), lambda, beta);
        double[][] fromZero = chainFrom(solve(x, y, first, lambda + beta, 0, new double[P + 1]), lambda, beta);
        TrainingConfig.Builder config = TrainingConfig.builder().setMethod("cf-prox").optEpochs(1).optBatchSize(BATCH)
                .optRidge(beta).optProx(lambda).optSeed(2);
        DenseMatrix ridge = fitOneEpoch(config.copy().optInitialHead(InitialHead.RIDGE).build());
        DenseMatrix proximal = fitOneEpoch(config.copy().optInitialHead(InitialHead.PROXIMAL).build());
        assertTrue(Ref.relDiff(ridge, fromRidge) < 1e-5, "ridge: relative difference " + Ref.relDiff(ridge, fromRidge));
        assertTrue(Ref.relDiff(proximal, fromZero) < 1e-5, "proximal: relative difference " + Ref.relDiff(proximal, fromZero));
        // the two chains must be told apart at that tolerance, or the test would not see the choice
        assertTrue(Ref.relDiff(ridge, fromZero) > 1e-3, "the two initial heads end one epoch apart: " + Ref.relDiff(ridge, fromZero));
    }

    @Test
    void withoutAProximalTermTheSingularFirstSolveNamesTheRidge() {
        TrainingConfig config = TrainingConfig.builder().setMethod("cf-ridge").optEpochs(1).optBatchSize(BATCH)
                .optRidge(0).optSeed(2).build();
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> fitOneEpoch(config));
        assertTrue(e.getMessage().contains("at the initial solve") && e.getMessage().endsWith("raise ridge (beta)"), e.getMessage());
    }
}
