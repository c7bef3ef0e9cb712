package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** slimTik against its formulas computed independently (explicit matrices, Gaussian elimination). */
class SampledTikhonovTest {

    private record Batch(double[][] phi, double[][] y, GramStatistics stats) {}

    private static Batch batch(Random rnd, int n, int d, int o) {
        double[][] phi = Reference.features(rnd, n, d);
        double[][] y = Reference.gaussian(rnd, n, o);
        DenseMatrix f = Reference.toMatrix(phi);
        double yy = 0;
        for (double[] row : y) {
            for (double v : row) {
                yy += v * v;
            }
        }
        return new Batch(phi, y, GramStatistics.of(f.transpose().times(f), Reference.toMatrix(y).transpose().times(f), n, yy));
    }

    private static double[][] meanGram(double[][] phi) {
        int d = phi[0].length;
        double[][] g = new double[d][d];
        for (double[] row : phi) {
            for (int j = 0; j < d; j++) {
                for (int l = 0; l < d; l++) {
                    g[j][l] += row[j] * row[l] / phi.length;
                }
            }
        }
        return g;
    }

    /**
     * sGCV(l) from the definition: W(l) = W - (W Gc - Bc + l W)(M + (Lambda + l) I)^{-1} by elimination,
     * residuals on the batch's rows, trace of Gc (M + (Lambda + l) I)^{-1}.
     */
    private static double bruteForce(Batch b, double[][] memoryGram, double[][] prev, double sum, double l) {
        int n = b.phi.length;
        int d = b.phi[0].length;
        int o = b.y[0].length;
        double[][] gc = meanGram(b.phi);
        double[][] a = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < d; k++) {
                a[j][k] = gc[j][k] + memoryGram[j][k] + (j == k ? sum + l : 0);
            }
        }
        double[][] rhsT = new double[d][o]; // (W Gc - Bc + l W)^T
        for (int j = 0; j < d; j++) {
            for (int r = 0; r < o; r++) {
                double v = l * prev[r][j];
                for (int k = 0; k < d; k++) {
                    v += prev[r][k] * gc[k][j];
                }
                for (int i = 0; i < n; i++) {
                    v -= b.y[i][r] * b.phi[i][j] / n;
                }
                rhsT[j][r] = v;
            }
        }
        double[][] step = Reference.gaussSolve(a, rhsT); // a symmetric: (rhs a^{-1})^T = a^{-1} rhs^T
        double[][] w = new double[o][d];
        for (int r = 0; r < o; r++) {
            for (int j = 0; j < d; j++) {
                w[r][j] = prev[r][j] - step[j][r];
            }
        }
        double rss = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < o; r++) {
                double p = 0;
                for (int j = 0; j < d; j++) {
                    p += w[r][j] * b.phi[i][j];
                }
                rss += (b.y[i][r] - p) * (b.y[i][r] - p);
            }
        }
        double[][] x = Reference.gaussSolve(a, gc);
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += x[j][j];
        }
        double free = 1 - trace / n;
        return rss / (n * o) / (free * free);
    }

    private static double[][] weights(Random rnd, int o, int d) {
        return Reference.gaussian(rnd, o, d);
    }

    /** With r = 0 the update is the proximal solve: pull Lambda_{k-1} towards W_{k-1}, ridge lambda_k. */
    @Test
    void depthZeroIsTheProximalStepWithTheRunningSumAsPull() {
        Random rnd = new Random(1);
        SampledTikhonov tik = new SampledTikhonov(0);
        double[][] prev = weights(rnd, 2, 6);
        int compared = 0;
        for (int k = 0; k < 8; k++) {
            Batch b = batch(rnd, 15, 6, 2);
            double sumBefore = tik.sum();
            DenseMatrix w = tik.update(b.stats, ProximalGcv.of(b.stats, Reference.toMatrix(prev)), Reference.toMatrix(prev));
            double l = tik.lastIncrement();
            assertEquals(sumBefore + l, tik.sum(), 1e-15 * tik.sum());
            if (l >= 0) {
                double[][] expected = Reference.proxWeights(b.phi, b.y, sumBefore, l, prev);
                assertTrue(Reference.relativeError(Reference.toArray(w), expected) < 1e-10, "step " + k);
                compared++;
            }
            prev = Reference.toArray(w);
        }
        assertTrue(compared >= 2, "only " + compared + " steps chose a ridge >= 0");
    }

    /** With a memory the chosen increment minimises sGCV computed from the definition, and W is W(lambda_k). */
    @Test
    void withMemoryTheChoiceMinimisesTheSampledGcvOfTheDefinition() {
        Random rnd = new Random(2);
        int d = 7;
        SampledTikhonov tik = new SampledTikhonov(2);
        double[][] prev = weights(rnd, 2, d);
        java.util.List<double[][]> seen = new java.util.ArrayList<>();
        for (int k = 0; k < 5; k++) {
            Batch b = batch(rnd, 9, d, 2);
            double[][] memory = new double[d][d];
            for (int m = Math.max(0, seen.size() - 2); m < seen.size(); m++) {
                double[][] g = meanGram(seen.get(m));
                for (int j = 0; j < d; j++) {
                    for (int l = 0; l < d; l++) {
                        memory[j][l] += g[j][l];
                    }
                }
            }
            double sum = tik.sum();
            double[] candidates = tik.candidates();
            double[] scores = tik.sgcv(b.stats, Reference.toMatrix(prev), candidates);
            int best = 0;
            for (int c = 0; c < candidates.length; c++) {
                double expected = bruteForce(b, memory, prev, sum, candidates[c]);
                assertEquals(expected, scores[c], 1e-8 * expected, "batch " + k + ", candidate " + candidates[c]);
                best = expected < bruteForce(b, memory, prev, sum, candidates[best]) ? c : best;
            }
            DenseMatrix w = tik.update(b.stats, null, Reference.toMatrix(prev));
            assertEquals(candidates[best], tik.lastIncrement(), 0.0, "batch " + k);
            prev = Reference.toArray(w);
            seen.add(b.phi);
        }
        assertEquals(2, (int) tik.state()[2], "the memory keeps r batches");
    }

    /** Before anything is remembered, the sGCV with a memory equals the proximal GCV (same problem). */
    @Test
    void emptyMemoryScoresEqualTheProximalGcv() {
        Random rnd = new Random(3);
        Batch b = batch(rnd, 12, 5, 1);
        DenseMatrix prev = Reference.toMatrix(weights(rnd, 1, 5));
        SampledTikhonov tik = new SampledTikhonov(3);
        double[] candidates = tik.candidates();
        double[] full = tik.sgcv(b.stats, prev, candidates);
        ProximalGcv gcv = ProximalGcv.of(b.stats, prev);
        double sum = tik.sum();
        for (int c = 0; c < candidates.length; c++) {
            double[] one = new double[1];
            gcv.scores(sum + candidates[c], new double[] {sum / (sum + candidates[c])}, one);
            assertEquals(one[0], full[c], 1e-9 * one[0], "candidate " + candidates[c]);
        }
    }

    @Test
    void candidatesLetTheSumShrinkByAtMostHalf() {
        SampledTikhonov tik = new SampledTikhonov(0);
        double[] c = tik.candidates();
        assertEquals(2 * SampledTikhonov.CANDIDATES_PER_SIGN, c.length);
        assertEquals(-(SampledTikhonov.INITIAL_SUM / 2 - SampledTikhonov.LOWER_BOUND), c[0], 1e-15);
        assertEquals(SampledTikhonov.UPPER_BOUND, c[c.length - 1], 1e-9);
        for (int k = 1; k < c.length; k++) {
            assertTrue(c[k - 1] < c[k]);
        }
        tik.restore(new double[] {1e-7, 0, 0}); // at the lower bound: no negative candidates
        assertTrue(tik.candidates()[0] > 0);
    }

    @Test
    void stateRoundTripsAndContinuesIdentically() {
        Random rnd = new Random(4);
        SampledTikhonov a = new SampledTikhonov(1);
        DenseMatrix prev = Reference.toMatrix(weights(rnd, 1, 4));
        Batch first = batch(rnd, 10, 4, 1);
        Batch second = batch(rnd, 10, 4, 1);
        DenseMatrix w1 = a.update(first.stats, null, prev);
        SampledTikhonov b = new SampledTikhonov(1);
        b.restore(a.state());
        assertArrayEquals(a.state(), b.state());
        assertEquals(0, a.update(second.stats, null, w1).maxAbsDiff(b.update(second.stats, null, w1)), 0.0);
        assertThrows(IllegalStateException.class, () -> new SampledTikhonov(0).restore(a.state()));
        assertThrows(IllegalArgumentException.class, () -> new SampledTikhonov(-1));
    }
}
