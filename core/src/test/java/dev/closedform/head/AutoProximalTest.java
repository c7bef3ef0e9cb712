package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The choice of cf-auto: argmin of the averaged log-GCV over the grid, and what it does with good and bad previous weights. */
class AutoProximalTest {

    /** A batch y = Phi W^T + noise; GCV around {@code previous}. */
    private static ProximalGcv batch(Random rnd, double[][] w, double noise, double[][] previous) {
        int n = 40;
        int d = w[0].length;
        double[][] phi = Reference.features(rnd, n, d);
        double[][] y = new double[n][w.length];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < w.length; r++) {
                double v = noise * rnd.nextGaussian();
                for (int j = 0; j < d; j++) {
                    v += w[r][j] * phi[i][j];
                }
                y[i][r] = v;
            }
        }
        return ProximalGcv.ofRows(Reference.toMatrix(phi), Reference.toMatrix(y), previous == null ? null : Reference.toMatrix(previous));
    }

    @Test
    void choosesTheArgminOfTheAveragedLogGcvOverTheGrid() {
        Random rnd = new Random(1);
        double[][] w = Reference.gaussian(rnd, 2, 12);
        double weight = 0.3;
        AutoProximal tuner = new AutoProximal(1, weight);
        double[] average = null;
        for (int t = 0; t < 4; t++) {
            ProximalGcv gcv = batch(rnd, w, 1.0, Reference.gaussian(rnd, 2, 12));
            AutoProximal.Choice c = tuner.choose(gcv);
            // independently: every grid pair through score(lambda, beta), averaged by hand
            int cells = AutoProximal.PENALTIES.length * AutoProximal.ZERO_SHARES.length;
            double[] curve = new double[cells];
            int k = 0;
            for (double pen : AutoProximal.PENALTIES) {
                for (double share : AutoProximal.ZERO_SHARES) {
                    curve[k++] = Math.log(gcv.score(pen * (1 - share), pen * share));
                }
            }
            if (average == null) {
                average = curve;
            } else {
                for (int i = 0; i < cells; i++) {
                    average[i] = (1 - weight) * average[i] + weight * curve[i];
                }
            }
            int best = 0;
            for (int i = 1; i < cells; i++) {
                best = average[i] < average[best] ? i : best;
            }
            double pen = AutoProximal.PENALTIES[best / AutoProximal.ZERO_SHARES.length];
            double share = AutoProximal.ZERO_SHARES[best % AutoProximal.ZERO_SHARES.length];
            assertEquals(pen * (1 - share), c.lambda(), 1e-12 * pen, "lambda at selection " + t);
            assertEquals(pen * share, c.beta(), 1e-12 * pen, "beta at selection " + t);
        }
    }

    /**
     * Exact previous weights and noisy data: keep them (the largest pull; on one batch GCV of pure noise can
     * dip by chance, the average over a stream of batches cannot); useless previous weights: fit the batch instead.
     */
    @Test
    void keepsAccuratePreviousWeightsAndLetsGoOfUselessOnes() {
        Random rnd = new Random(2);
        double[][] w = Reference.gaussian(rnd, 1, 10);
        AutoProximal steady = new AutoProximal(1, 0.05);
        AutoProximal.Choice keep = null;
        for (int t = 0; t < 60; t++) {
            keep = steady.choose(batch(rnd, w, 1.0, w));
        }
        assertEquals(AutoProximal.PENALTIES.length - 1, keep.penaltyIndex(), "penalty " + keep.penalty());
        assertTrue(keep.beta() <= 1e-2 * keep.penalty(), "share of the pull to zero " + keep.beta() / keep.penalty()); // barely told apart from 0
        assertTrue(keep.atEdge());

        double[][] useless = Reference.gaussian(rnd, 1, 10);
        for (double[] row : useless) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= 30;
            }
        }
        AutoProximal.Choice refit = new AutoProximal(1, 1).choose(batch(rnd, w, 0.01, useless));
        assertTrue(refit.lambda() < 1e-2, "lambda " + refit.lambda() + ", beta " + refit.beta());
    }

    @Test
    void scoresOnlyEveryIntervalAndKeepsTheChoiceInBetween() {
        Random rnd = new Random(3);
        double[][] w = Reference.gaussian(rnd, 1, 6);
        AutoProximal tuner = new AutoProximal(3, 1);
        assertTrue(tuner.selectsNext());
        AutoProximal.Choice first = tuner.choose(batch(rnd, w, 1.0, w));
        for (int k = 0; k < 2; k++) {
            assertTrue(!tuner.selectsNext());
            assertEquals(first, tuner.choose(null));
        }
        assertTrue(tuner.selectsNext());
    }

    @Test
    void resumesFromItsStateToTheSameChoices() {
        Random rnd = new Random(4);
        double[][] w = Reference.gaussian(rnd, 1, 6);
        ProximalGcv[] stream = new ProximalGcv[6];
        for (int t = 0; t < stream.length; t++) {
            stream[t] = batch(rnd, w, 1.0, Reference.gaussian(rnd, 1, 6));
        }
        AutoProximal straight = new AutoProximal(1, 0.2);
        AutoProximal resumed = new AutoProximal(1, 0.2);
        for (int t = 0; t < 3; t++) {
            straight.choose(stream[t]);
            resumed.choose(stream[t]);
        }
        double[] saved = resumed.state();
        AutoProximal fresh = new AutoProximal(1, 0.2);
        fresh.restore(saved);
        assertArrayEquals(saved, fresh.state());
        for (int t = 3; t < stream.length; t++) {
            assertEquals(straight.choose(stream[t]), fresh.choose(stream[t]), "step " + t);
        }
        assertThrows(IllegalStateException.class, () -> fresh.restore(new double[] {1, 2}));
    }
}
