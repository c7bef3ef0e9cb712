package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GCV of the proximal problem against a brute-force computation: the explicit weights (normal
 * equations), the explicit n x n hat matrix H = Phi (Phi^T Phi + n c I)^{-1} Phi^T, and, on a design
 * whose leverages are all equal, leave-one-out refits.
 */
class ProximalGcvTest {

    private static GramStatistics stats(double[][] phi, double[][] y) {
        DenseMatrix f = Reference.toMatrix(phi);
        DenseMatrix t = Reference.toMatrix(y);
        double yy = 0;
        for (double[] row : y) {
            for (double v : row) {
                yy += v * v;
            }
        }
        return GramStatistics.of(f.transpose().times(f), t.transpose().times(f), phi.length, yy);
    }

    /** tr H and (RSS / (n o)) / (1 - tr H / n)^2 with W from the normal equations and H formed explicitly. */
    private static double[] bruteForce(double[][] phi, double[][] y, double lambda, double beta, double[][] prev) {
        int n = phi.length;
        int d = phi[0].length;
        double[][] w = Reference.proxWeights(phi, y, lambda, beta, prev);
        double rss = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < y[0].length; r++) {
                double p = 0;
                for (int j = 0; j < d; j++) {
                    p += w[r][j] * phi[i][j];
                }
                rss += (y[i][r] - p) * (y[i][r] - p);
            }
        }
        double[][] a = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int l = 0; l < d; l++) {
                for (int i = 0; i < n; i++) {
                    a[j][l] += phi[i][j] * phi[i][l];
                }
            }
            a[j][j] += n * (lambda + beta);
        }
        double[][] x = Reference.gaussSolve(a, Reference.transpose(phi)); // (G + a I)^{-1} Phi^T, d x n
        double trace = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                trace += phi[i][j] * x[j][i];
            }
        }
        double free = 1 - trace / n;
        return new double[] {trace, rss, rss / (n * y[0].length) / (free * free)};
    }

    private static void assertMatches(ProximalGcv gcv, double[][] phi, double[][] y, double[][] prev, String form) {
        double[][] pairs = {{0, 0.3}, {0.5, 1e-3}, {4, 0}, {1e-2, 2}, {60, 1e-4}};
        for (double[] lb : pairs) {
            if (prev == null && lb[0] != 0) {
                continue;
            }
            double[] expected = bruteForce(phi, y, lb[0], lb[1], prev);
            String at = form + " at lambda=" + lb[0] + ", beta=" + lb[1];
            assertEquals(expected[0], gcv.degreesOfFreedom(lb[0], lb[1]), 1e-10 * phi.length, at + ": df");
            assertEquals(expected[1], gcv.residualSumOfSquares(lb[0], lb[1]), 1e-9 * expected[1], at + ": RSS");
            assertEquals(expected[2], gcv.score(lb[0], lb[1]), 1e-9 * expected[2], at + ": GCV");
        }
    }

    @Test
    void primalAndDualEqualTheExplicitHatMatrixWithAndWithoutPreviousWeights() {
        Random rnd = new Random(3);
        for (int[] shape : new int[][] {{30, 8, 2}, {6, 15, 3}, {12, 12, 1}}) {
            int n = shape[0];
            int d = shape[1];
            int o = shape[2];
            double[][] phi = Reference.features(rnd, n, d);
            double[][] y = Reference.gaussian(rnd, n, o);
            double[][] prev = Reference.gaussian(rnd, o, d);
            String size = n + "x" + d + "x" + o;
            assertMatches(ProximalGcv.of(stats(phi, y), Reference.toMatrix(prev)), phi, y, prev, "primal " + size);
            assertMatches(ProximalGcv.ofRows(Reference.toMatrix(phi), Reference.toMatrix(y), Reference.toMatrix(prev)),
                    phi, y, prev, "dual " + size);
            assertMatches(ProximalGcv.of(stats(phi, y), null), phi, y, null, "primal ridge " + size);
            assertMatches(ProximalGcv.ofRows(Reference.toMatrix(phi), Reference.toMatrix(y), null), phi, y, null, "dual ridge " + size);
        }
    }

    /** The per-penalty row of scores equals single scores at lambda = c rho, beta = c (1 - rho). */
    @Test
    void rowOfCentreWeightsEqualsSingleScores() {
        Random rnd = new Random(4);
        double[][] phi = Reference.features(rnd, 20, 6);
        double[][] y = Reference.gaussian(rnd, 20, 2);
        ProximalGcv gcv = ProximalGcv.of(stats(phi, y), Reference.toMatrix(Reference.gaussian(rnd, 2, 6)));
        double[] rhos = {0, 0.25, 0.999, 1};
        double[] row = new double[rhos.length];
        gcv.scores(0.8, rhos, row);
        for (int k = 0; k < rhos.length; k++) {
            double expected = gcv.score(0.8 * rhos[k], 0.8 * (1 - rhos[k]));
            assertEquals(expected, row[k], 1e-12 * expected, "rho " + rhos[k]);
        }
    }

    /**
     * Rows of a Hadamard matrix times a scale: Phi^T Phi = 8 s^2 I and every leverage H_ii is the same, so
     * GCV equals the leave-one-out error exactly. Each left-out fit is the proximal solve with the same
     * penalty on the sums, i.e. (1/(n-1)) sum_{j != i} ||y_j - W phi_j||^2 + (n c / (n-1)) ||W - M||^2.
     */
    @Test
    void equalsLeaveOneOutWhenAllLeveragesAreEqual() {
        int n = 8;
        int d = 4;
        double[][] h = {{1, 1}, {1, -1}};
        double[][] hadamard = {{1}};
        while (hadamard.length < n) {
            int m = hadamard.length;
            double[][] next = new double[2 * m][2 * m];
            for (int i = 0; i < 2 * m; i++) {
                for (int j = 0; j < 2 * m; j++) {
                    next[i][j] = h[i / m][j / m] * hadamard[i % m][j % m];
                }
            }
            hadamard = next;
        }
        double[][] phi = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                phi[i][j] = 0.7 * hadamard[i][j + 1];
            }
        }
        Random rnd = new Random(9);
        double[][] y = Reference.gaussian(rnd, n, 2);
        double[][] prev = Reference.gaussian(rnd, 2, d);
        double lambda = 0.3;
        double beta = 0.05;
        double c = lambda + beta;
        double loo = 0;
        for (int i = 0; i < n; i++) {
            double[][] phiOut = new double[n - 1][];
            double[][] yOut = new double[n - 1][];
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    phiOut[k] = phi[j];
                    yOut[k++] = y[j];
                }
            }
            double scale = (double) n / (n - 1);
            double[][] w = Reference.proxWeights(phiOut, yOut, scale * lambda, scale * beta, prev);
            for (int r = 0; r < 2; r++) {
                double p = 0;
                for (int j = 0; j < d; j++) {
                    p += w[r][j] * phi[i][j];
                }
                loo += (y[i][r] - p) * (y[i][r] - p);
            }
        }
        loo /= n * 2;
        double gcv = ProximalGcv.of(stats(phi, y), Reference.toMatrix(prev)).score(lambda, beta);
        assertEquals(loo, gcv, 1e-10 * loo, "penalty " + c);
    }

    /** lambda -> infinity scores the previous weights themselves: df -> 0 and GCV -> their mean squared error on the batch. */
    @Test
    void hugePullScoresThePreviousWeightsOutOfSample() {
        Random rnd = new Random(6);
        double[][] phi = Reference.features(rnd, 10, 5);
        double[][] y = Reference.gaussian(rnd, 10, 1);
        double[][] prev = Reference.gaussian(rnd, 1, 5);
        ProximalGcv gcv = ProximalGcv.of(stats(phi, y), Reference.toMatrix(prev));
        double mse = 0;
        for (int i = 0; i < 10; i++) {
            double p = 0;
            for (int j = 0; j < 5; j++) {
                p += prev[0][j] * phi[i][j];
            }
            mse += (y[i][0] - p) * (y[i][0] - p) / 10;
        }
        assertEquals(mse, gcv.score(1e9, 0), 1e-6 * mse);
        assertTrue(gcv.degreesOfFreedom(1e9, 0) < 1e-6);
    }

    @Test
    void refusesStatisticsWithoutTargetSquaresAndBadPenalties() {
        DenseMatrix g = DenseMatrix.identity(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProximalGcv.of(GramStatistics.of(g, DenseMatrix.zeros(1, 2), 3), null));
        assertTrue(e.getMessage().contains("sum of squares"), e.getMessage());
        ProximalGcv gcv = ProximalGcv.of(GramStatistics.of(g, DenseMatrix.zeros(1, 2), 3, 1.0), null);
        assertThrows(IllegalArgumentException.class, () -> gcv.score(0, 0));
        assertThrows(IllegalArgumentException.class, () -> gcv.score(-1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ProximalGcv.of(GramStatistics.of(g, DenseMatrix.zeros(1, 2), 3, 1.0), DenseMatrix.zeros(1, 3)));
    }
}
