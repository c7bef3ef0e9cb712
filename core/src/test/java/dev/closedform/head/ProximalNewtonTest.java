package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The proximal Newton step against finite differences of the proximal cross-entropy objective and an explicit Hessian solve. */
class ProximalNewtonTest {

    private static final int N = 25;
    private static final int D = 6;
    private static final int O = 4;

    private static DenseMatrix probabilities(Random rnd, int n, int o) {
        DenseMatrix p = DenseMatrix.zeros(n, o);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int r = 0; r < o; r++) {
                double v = rnd.nextDouble() < 0.7 ? rnd.nextDouble() : 0;
                p.set(i, r, v);
                sum += v;
            }
            if (sum == 0) {
                p.set(i, 0, 1);
                sum = 1;
            }
            for (int r = 0; r < o; r++) {
                p.set(i, r, p.get(i, r) / sum);
            }
        }
        return p;
    }

    private static DenseMatrix basis(int o, int d, int r, int j) {
        DenseMatrix e = DenseMatrix.zeros(o, d);
        e.set(r, j, 1);
        return e;
    }

    @Test
    void gradientEqualsCentralDifferencesOfTheObjective() {
        Random rnd = new Random(1);
        DenseMatrix phi = Reference.toMatrix(Reference.features(rnd, N, D));
        DenseMatrix p = probabilities(rnd, N, O);
        DenseMatrix w = Reference.toMatrix(Reference.gaussian(rnd, O, D));
        DenseMatrix prev = Reference.toMatrix(Reference.gaussian(rnd, O, D));
        double lambda = 0.7;
        double beta = 0.05;
        DenseMatrix g = ProximalNewton.gradient(w, phi, p, prev, lambda, beta);
        double h = 1e-5;
        for (int r = 0; r < O; r++) {
            for (int j = 0; j < D; j++) {
                DenseMatrix e = basis(O, D, r, j);
                double fd = (ProximalNewton.objective(w.copy().addInPlace(h, e), phi, p, prev, lambda, beta)
                        - ProximalNewton.objective(w.copy().addInPlace(-h, e), phi, p, prev, lambda, beta)) / (2 * h);
                assertEquals(fd, g.get(r, j), 1e-8, "entry " + r + "," + j);
            }
        }
    }

    @Test
    void hessianVectorProductsEqualDifferencesOfTheGradient() {
        Random rnd = new Random(2);
        DenseMatrix phi = Reference.toMatrix(Reference.features(rnd, N, D));
        DenseMatrix p = probabilities(rnd, N, O);
        DenseMatrix w = Reference.toMatrix(Reference.gaussian(rnd, O, D));
        DenseMatrix prev = Reference.toMatrix(Reference.gaussian(rnd, O, D));
        DenseMatrix v = Reference.toMatrix(Reference.gaussian(rnd, O, D));
        double lambda = 0.3;
        double beta = 0.01;
        double h = 1e-5;
        DenseMatrix fd = ProximalNewton.gradient(w.copy().addInPlace(h, v), phi, p, prev, lambda, beta)
                .addInPlace(-1, ProximalNewton.gradient(w.copy().addInPlace(-h, v), phi, p, prev, lambda, beta)).scale(1 / (2 * h));
        DenseMatrix hv = ProximalNewton.hessianTimes(w, phi, lambda, beta, v);
        assertTrue(hv.maxAbsDiff(fd) < 1e-8 * (1 + fd.frobeniusNorm()), "H v off by " + hv.maxAbsDiff(fd));
    }

    /** The step equals W - H^{-1} g with H assembled column by column from H[e_k] and solved by Gaussian elimination. */
    @Test
    void stepEqualsTheExplicitNewtonSolve() {
        Random rnd = new Random(3);
        DenseMatrix phi = Reference.toMatrix(Reference.features(rnd, N, D));
        DenseMatrix p = probabilities(rnd, N, O);
        DenseMatrix prev = Reference.toMatrix(Reference.gaussian(rnd, O, D));
        double lambda = 0.05;
        double beta = 1e-3;
        int m = O * D;
        double[][] hessian = new double[m][m];
        for (int k = 0; k < m; k++) {
            DenseMatrix col = ProximalNewton.hessianTimes(prev, phi, lambda, beta, basis(O, D, k / D, k % D));
            for (int q = 0; q < m; q++) {
                hessian[q][k] = col.data()[q];
            }
        }
        DenseMatrix g = ProximalNewton.gradient(prev, phi, p, prev, lambda, beta);
        double[][] rhs = new double[m][1];
        for (int q = 0; q < m; q++) {
            rhs[q][0] = -g.data()[q];
        }
        double[][] delta = Reference.gaussSolve(hessian, rhs);
        DenseMatrix expected = prev.copy();
        for (int q = 0; q < m; q++) {
            expected.data()[q] += delta[q][0];
        }
        DenseMatrix step = ProximalNewton.step(phi, p, prev, lambda, beta);
        assertTrue(step.maxAbsDiff(expected) < 1e-8 * (1 + expected.frobeniusNorm()), "step off by " + step.maxAbsDiff(expected));
        double before = ProximalNewton.objective(prev, phi, p, prev, lambda, beta);
        double after = ProximalNewton.objective(step, phi, p, prev, lambda, beta);
        assertTrue(after < before, "the step raised the objective: " + before + " -> " + after);
    }

    /** lambda -> infinity: H -> 2 (lambda + beta) I, so the step tends to the gradient step W - g / (2 (lambda + beta)). */
    @Test
    void strongPullGivesTheGradientStep() {
        Random rnd = new Random(4);
        DenseMatrix phi = Reference.toMatrix(Reference.features(rnd, N, D));
        DenseMatrix p = probabilities(rnd, N, O);
        DenseMatrix prev = Reference.toMatrix(Reference.gaussian(rnd, O, D));
        double beta = 0.01;
        for (double lambda : new double[] {1e2, 1e4}) {
            DenseMatrix g = ProximalNewton.gradient(prev, phi, p, prev, lambda, beta);
            DenseMatrix gradientStep = prev.copy().addInPlace(-1 / (2 * (lambda + beta)), g);
            DenseMatrix step = ProximalNewton.step(phi, p, prev, lambda, beta);
            double moved = step.maxAbsDiff(prev);
            // the Newton correction to the gradient step is of relative order (curvature / lambda)
            assertTrue(step.maxAbsDiff(gradientStep) < 10 * moved / lambda, "lambda " + lambda + ": off by "
                    + step.maxAbsDiff(gradientStep) + ", moved " + moved);
        }
    }

    @Test
    void refusesAZeroPenaltyAndMismatchedShapes() {
        Random rnd = new Random(5);
        DenseMatrix phi = Reference.toMatrix(Reference.features(rnd, 5, 3));
        DenseMatrix p = probabilities(rnd, 5, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProximalNewton.step(phi, p, null, 1, 0));
        assertTrue(e.getMessage().contains("lambda + beta > 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProximalNewton.step(phi, p, DenseMatrix.zeros(2, 4), 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ProximalNewton.step(phi, probabilities(rnd, 4, 2), null, 0, 0.1));
    }
}
