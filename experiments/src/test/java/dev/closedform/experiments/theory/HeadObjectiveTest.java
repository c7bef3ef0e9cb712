package dev.closedform.experiments.theory;

import dev.closedform.testing.Oracles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.head.DenseMatrix;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code L(W) - L(W*) = tr[(W - W*) H (W - W*)^T]} on random data, and W* against an independent solve. */
class HeadObjectiveTest {

    @ParameterizedTest(name = "n={0} d={1} o={2} beta={3}")
    @CsvSource({"50, 8, 1, 0.01", "40, 12, 3, 0.5", "6, 10, 2, 0.1", "200, 30, 4, 1e-4"})
    void identityHoldsForAnyHead(int n, int d, int o, double beta) {
        Random random = new Random(n * 31L + d);
        DenseMatrix phi = random(random, n, d, 1.0);
        DenseMatrix y = random(random, n, o, 2.0);
        HeadObjective objective = new HeadObjective(phi, y, beta);
        DenseMatrix wStar = objective.minimiser();
        for (int t = 0; t < 5; t++) {
            DenseMatrix w = random(random, o, d, Math.pow(10, t - 3)); // from very near W* to far away
            w.addInPlace(1, wStar);
            double measured = objective.loss(w) - objective.loss(wStar);
            double identity = objective.excess(w, wStar);
            assertTrue(identity > 0);
            assertEquals(identity, measured, 1e-10 * Math.max(identity, objective.loss(w)), "trial " + t);
        }
    }

    @ParameterizedTest(name = "o={0}")
    @CsvSource({"1", "3"})
    void minimiserSolvesTheNormalEquations(int o) {
        int n = 30;
        int d = 7;
        double beta = 0.2;
        Random random = new Random(5 + o);
        DenseMatrix phi = random(random, n, d, 1.0);
        DenseMatrix y = random(random, n, o, 1.0);
        DenseMatrix wStar = new HeadObjective(phi, y, beta).minimiser();
        // (Phi^T Phi / n + beta I) w_r = Phi^T y_r / n for each output r, by Gaussian elimination
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += phi.get(k, i) * phi.get(k, j) / n;
                }
            }
            a[i][i] += beta;
        }
        for (int r = 0; r < o; r++) {
            double[] b = new double[d];
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < n; k++) {
                    b[i] += phi.get(k, i) * y.get(k, r) / n;
                }
            }
            double[] w = Oracles.solve(a, b);
            for (int i = 0; i < d; i++) {
                assertEquals(w[i], wStar.get(r, i), 1e-12 * (1 + Math.abs(w[i])));
            }
        }
    }

    @ParameterizedTest(name = "lambda={0}")
    @CsvSource({"0.0", "0.3", "5.0"})
    void proximalMinimiserBeatsNearbyHeads(double lambda) {
        Random random = new Random(17);
        DenseMatrix phi = random(random, 25, 6, 1.0);
        DenseMatrix y = random(random, 25, 2, 1.0);
        DenseMatrix previous = random(random, 2, 6, 1.0);
        HeadObjective objective = new HeadObjective(phi, y, 0.05);
        DenseMatrix w = objective.proximalMinimiser(lambda, previous);
        double best = proximal(objective, w, lambda, previous);
        // the gradient of the proximal objective vanishes: 2 (W H - C) + 2 lambda (W - Wprev) = 0
        DenseMatrix g = objective.gradient(w).addInPlace(2 * lambda, w.copy().addInPlace(-1, previous));
        assertTrue(g.frobeniusNorm() < 1e-12, "gradient " + g.frobeniusNorm());
        for (int t = 0; t < 10; t++) {
            DenseMatrix other = w.copy().addInPlace(1, random(random, 2, 6, 1e-3));
            assertTrue(proximal(objective, other, lambda, previous) > best);
        }
    }

    private static double proximal(HeadObjective o, DenseMatrix w, double lambda, DenseMatrix previous) {
        double dist = w.copy().addInPlace(-1, previous).frobeniusNorm();
        return o.loss(w) + lambda * dist * dist;
    }

    static DenseMatrix random(Random random, int rows, int cols, double scale) {
        DenseMatrix m = DenseMatrix.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.set(i, j, scale * random.nextGaussian());
            }
        }
        return m;
    }
}
