package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Recursive ridge against the weighted pooled normal equations solved independently (Gauss-Jordan in double). */
class RecursiveRidgeTest {

    private static GramStatistics stats(double[][] phi, double[][] y) {
        DenseMatrix f = Reference.toMatrix(phi);
        return GramStatistics.of(f.transpose().times(f), Reference.toMatrix(y).transpose().times(f), phi.length);
    }

    /** argmin (1/W) sum_k g^{t-k} (1/b_k) ||Y_k - Phi_k W^T||^2 + beta ||W||^2 by the normal equations. */
    private static double[][] pooled(double[][][] phis, double[][][] ys, double g, double beta) {
        int d = phis[0][0].length;
        int o = ys[0][0].length;
        double[][] a = new double[d][d];
        double[][] b = new double[d][o];
        double total = 0;
        int t = phis.length;
        for (int k = 0; k < t; k++) {
            double w = Math.pow(g, t - 1 - k);
            total += w;
            int n = phis[k].length;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    for (int l = 0; l < d; l++) {
                        a[j][l] += w * phis[k][i][j] * phis[k][i][l] / n;
                    }
                    for (int r = 0; r < o; r++) {
                        b[j][r] += w * phis[k][i][j] * ys[k][i][r] / n;
                    }
                }
            }
        }
        for (int j = 0; j < d; j++) {
            for (int l = 0; l < d; l++) {
                a[j][l] /= total;
            }
            a[j][j] += beta;
            for (int r = 0; r < o; r++) {
                b[j][r] /= total;
            }
        }
        return Reference.transpose(Reference.gaussSolve(a, b)); // W = (A^{-1} B)^T, o x d
    }

    @Test
    void equalsTheWeightedPooledRidgeAfterEveryBatch() {
        Random rnd = new Random(7);
        int batches = 6;
        double g = 0.7;
        double beta = 0.05;
        double[][][] phis = new double[batches][][];
        double[][][] ys = new double[batches][][];
        RecursiveRidge rls = new RecursiveRidge(g);
        for (int t = 0; t < batches; t++) {
            int n = 5 + 3 * t; // batches of different sizes, each smaller than needed for a unique fit at t = 0
            phis[t] = Reference.gaussian(rnd, n, 8);
            ys[t] = Reference.gaussian(rnd, n, 2);
            // a stale solve of this batch first: the later solve must replace it, not add to it
            rls.solve(stats(Reference.gaussian(rnd, n, 8), Reference.gaussian(rnd, n, 2)), beta);
            DenseMatrix w = rls.solve(stats(phis[t], ys[t]), beta);
            double[][][] seenP = java.util.Arrays.copyOf(phis, t + 1);
            double[][][] seenY = java.util.Arrays.copyOf(ys, t + 1);
            DenseMatrix expected = Reference.toMatrix(pooled(seenP, seenY, g, beta));
            assertTrue(w.maxAbsDiff(expected) < 1e-10 * (1 + expected.frobeniusNorm()), "batch " + t + ": " + w.maxAbsDiff(expected));
            rls.nextBatch();
        }
    }

    @Test
    void withoutForgettingEqualBatchesPoolToTheFullRidgeFit() {
        Random rnd = new Random(8);
        double[][] phi = Reference.gaussian(rnd, 40, 5);
        double[][] y = Reference.gaussian(rnd, 40, 1);
        RecursiveRidge rls = new RecursiveRidge(1.0);
        DenseMatrix last = null;
        for (int t = 0; t < 4; t++) {
            rls.nextBatch();
            last = rls.solve(stats(java.util.Arrays.copyOfRange(phi, 10 * t, 10 * t + 10),
                    java.util.Arrays.copyOfRange(y, 10 * t, 10 * t + 10)), 0.1);
        }
        DenseMatrix full = ProximalSolver.ridge(stats(phi, y), 0.1);
        assertTrue(last.maxAbsDiff(full) < 1e-12, last + " vs " + full);
    }

    @Test
    void rejectsAForgettingFactorOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new RecursiveRidge(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new RecursiveRidge(1.5));
        assertThrows(IllegalArgumentException.class, () -> RecursiveRidge.forgetFor(0.5));
    }
}
