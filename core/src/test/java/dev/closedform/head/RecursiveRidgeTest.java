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
            DenseMatrix expected = Reference.toMatrix(Reference.pooledRidge(seenP, seenY, g, beta));
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
