package dev.closedform.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProximalSolverTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** A batch held both as plain arrays (for the reference) and as NDArrays (for the code under test). */
    private record Batch(double[][] phi, double[][] y, NDArray f, NDArray t) {
        static Batch random(long seed, int n, int d, int o, DataType type) {
            Random rnd = new Random(seed);
            double[][] phi = Reference.features(rnd, n, d);
            double[][] y = Reference.gaussian(rnd, n, o);
            if (type == DataType.FLOAT32) {
                phi = Reference.roundToFloat(phi);
                y = Reference.roundToFloat(y);
            }
            return new Batch(phi, y, Reference.nd(manager, phi, type), Reference.nd(manager, y, type));
        }

        DenseMatrix features() {
            return Reference.toMatrix(phi);
        }

        DenseMatrix targets() {
            return Reference.toMatrix(y);
        }
    }

    @ParameterizedTest(name = "n={0} d={1} o={2} lambda={3} beta={4}")
    @CsvSource({
        "6, 15, 3, 0.0, 0.1",   // n < d: auto path takes the dual
        "6, 15, 3, 0.5, 0.01",
        "6, 15, 2, 0.3, 0.0",   // prox alone makes the system PD
        "40, 7, 3, 0.0, 0.1",   // n > d: auto path takes the primal
        "40, 7, 3, 0.5, 0.01",
        "40, 7, 1, 0.0, 0.0",   // plain least squares, full column rank
        "9, 9, 2, 0.2, 0.05"    // n == d
    })
    void primalDualAndNormalEquationsAgreeInFloat64(int n, int d, int o, double lambda, double beta) {
        Batch b = Batch.random(17L * n + d, n, d, o, DataType.FLOAT64);
        double[][] prev = lambda == 0 ? null : Reference.gaussian(new Random(5), o, d);
        DenseMatrix prevM = prev == null ? null : Reference.toMatrix(prev);
        double[][] expected = Reference.proxWeights(b.phi, b.y, lambda, beta, prev);

        DenseMatrix auto = ProximalSolver.solve(b.f, b.t, lambda, beta, prevM);
        DenseMatrix primal = ProximalSolver.solve(GramStatistics.of(b.f, b.t), lambda, beta, prevM);
        assertEquals(o, auto.rows());
        assertEquals(d, auto.cols());
        assertTrue(Reference.relativeError(Reference.toArray(auto), expected) < 1e-10, "auto");
        assertTrue(Reference.relativeError(Reference.toArray(primal), expected) < 1e-10, "primal");
        if (lambda + beta > 0) {
            DenseMatrix dual = ProximalSolver.solveDual(b.features(), b.targets(), lambda, beta, prevM);
            assertTrue(Reference.relativeError(Reference.toArray(dual), expected) < 1e-10, "dual");
        }
    }

    @Test
    void float32FeaturesAgreeWithDoubleReferenceOfTheSameRoundedData() {
        for (int[] shape : new int[][] {{5, 12}, {50, 6}}) {
            Batch b = Batch.random(11, shape[0], shape[1], 2, DataType.FLOAT32);
            double[][] prev = Reference.gaussian(new Random(6), 2, shape[1]);
            double[][] expected = Reference.proxWeights(b.phi, b.y, 0.1, 0.01, prev);
            DenseMatrix w = ProximalSolver.solve(b.f, b.t, 0.1, 0.01, Reference.toMatrix(prev));
            // The engine works in float64 after the cast, so only summation order differs.
            assertTrue(Reference.relativeError(Reference.toArray(w), expected) < 1e-8, "shape " + shape[0] + "x" + shape[1]);
        }
    }

    @Test
    void tinyLambdaGivesThePerBatchRidgeSolve() {
        for (int n : new int[] {5, 30}) {
            Batch b = Batch.random(21 + n, n, 8, 2, DataType.FLOAT64);
            double beta = 0.05;
            DenseMatrix prev = Reference.toMatrix(Reference.gaussian(new Random(7), 2, 8));
            DenseMatrix ridge = ProximalSolver.ridge(b.f, b.t, beta);
            DenseMatrix prox = ProximalSolver.solve(b.f, b.t, 1e-12, beta, prev);
            double[][] expectedRidge = Reference.proxWeights(b.phi, b.y, 0, beta, null);
            assertTrue(Reference.relativeError(Reference.toArray(ridge), expectedRidge) < 1e-10);
            assertTrue(Reference.relativeError(Reference.toArray(prox), Reference.toArray(ridge)) < 1e-9);
        }
    }

    @Test
    void hugeLambdaIsAnSgdStepOfSizeOneOverTwoLambda() {
        double lambda = 1e8;
        double beta = 0.1;
        for (int n : new int[] {2, 25}) { // dual (2n < d) and primal paths
            Batch b = Batch.random(31 + n, n, 6, 3, DataType.FLOAT64);
            double[][] prev = Reference.gaussian(new Random(8), 3, 6);
            DenseMatrix w = ProximalSolver.solve(b.f, b.t, lambda, beta, Reference.toMatrix(prev));
            double[][] grad = Reference.ridgeGradient(prev, b.phi, b.y, beta);
            double[][] scaledStep = new double[3][6];
            double[][] minusGrad = new double[3][6];
            for (int r = 0; r < 3; r++) {
                for (int j = 0; j < 6; j++) {
                    scaledStep[r][j] = (w.get(r, j) - prev[r][j]) * 2 * lambda;
                    minusGrad[r][j] = -grad[r][j];
                }
            }
            double err = Reference.relativeError(scaledStep, minusGrad);
            assertTrue(err < 1e-5, "relative error " + err + " at n=" + n);
        }
    }

    @ParameterizedTest(name = "n={0} d={1}")
    @CsvSource({"30, 6", "5, 11"})
    void excessLossIsTheQuadraticFormOfTheHessian(int n, int d) {
        Batch b = Batch.random(41L + n, n, d, 2, DataType.FLOAT64);
        double beta = 0.07;
        double lambda = 0.3;
        double[][] prev = Reference.gaussian(new Random(9), 2, d);
        Random rnd = new Random(10);
        for (double lam : new double[] {0.0, lambda}) {
            DenseMatrix prevM = lam == 0 ? null : Reference.toMatrix(prev);
            double[][] wStar = Reference.toArray(ProximalSolver.solve(b.f, b.t, lam, beta, prevM));
            double lStar = Reference.proxLoss(wStar, b.phi, b.y, lam, beta, prev);
            for (int trial = 0; trial < 3; trial++) {
                double[][] w = Reference.gaussian(rnd, 2, d);
                double lw = Reference.proxLoss(w, b.phi, b.y, lam, beta, prev);
                double quad = hessianQuadraticForm(w, wStar, b.phi, lam + beta);
                assertEquals(quad, lw - lStar, 1e-10 * Math.max(1, lw), "lambda=" + lam);
            }
            // The loss helper of the solver agrees with the independent loop computation.
            assertEquals(Reference.proxLoss(wStar, b.phi, b.y, lam, beta, prev),
                    ProximalSolver.proximalLoss(Reference.toMatrix(wStar), b.features(), b.targets(), lam, beta, prevM), 1e-12);
        }
        double[][] w = Reference.gaussian(rnd, 2, d);
        assertEquals(Reference.proxLoss(w, b.phi, b.y, 0, beta, null),
                ProximalSolver.loss(Reference.toMatrix(w), b.f, b.t, beta), 1e-12);
    }

    /** tr[(W - W*) H (W - W*)^T] with H = Phi^T Phi / n + c I, by loops. */
    private static double hessianQuadraticForm(double[][] w, double[][] wStar, double[][] phi, double c) {
        int n = phi.length;
        double s = 0;
        for (int r = 0; r < w.length; r++) {
            double[] delta = new double[w[r].length];
            double sq = 0;
            for (int j = 0; j < delta.length; j++) {
                delta[j] = w[r][j] - wStar[r][j];
                sq += delta[j] * delta[j];
            }
            double dataPart = 0;
            for (double[] row : phi) {
                double dot = 0;
                for (int j = 0; j < delta.length; j++) {
                    dot += delta[j] * row[j];
                }
                dataPart += dot * dot;
            }
            s += dataPart / n + c * sq;
        }
        return s;
    }

    @Test
    void duplicateColumnsWithoutRegularisationFailClearlyWithoutNaN() {
        Random rnd = new Random(12);
        double[][] phi = Reference.features(rnd, 30, 5);
        for (double[] row : phi) {
            row[2] = row[1]; // duplicate column: Phi^T Phi is singular
        }
        double[][] y = Reference.gaussian(rnd, 30, 2);
        NDArray f = Reference.nd(manager, phi, DataType.FLOAT64);
        NDArray t = Reference.nd(manager, y, DataType.FLOAT64);
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> ProximalSolver.solve(f, t, 0.0, 0.0, null));
        assertEquals(5, e.size());
        assertEquals(2, e.pivotIndex());
        assertTrue(e.getMessage().contains("increase the ridge beta or the proximal coefficient lambda"), e.getMessage());
        assertTrue(e.getMessage().contains("5x5"), e.getMessage());

        // Scaled copies and linear combinations (including the bias) leave rounding-level pivots, not zeros.
        for (int kind = 0; kind < 2; kind++) {
            double[][] dependent = Reference.features(rnd, 50, 8);
            for (double[] row : dependent) {
                row[3] = kind == 0 ? 3.7 * row[1] : row[0] - 0.3 * row[1] + 0.1 * row[7];
            }
            NDArray fd = Reference.nd(manager, dependent, DataType.FLOAT64);
            NDArray td = Reference.nd(manager, Reference.gaussian(rnd, 50, 1), DataType.FLOAT64);
            assertThrows(NotPositiveDefiniteException.class, () -> ProximalSolver.ridge(fd, td, 0.0), "kind " + kind);
        }

        // n < d without regularisation is singular by construction.
        NDArray fWide = Reference.nd(manager, Reference.features(rnd, 3, 6), DataType.FLOAT64);
        NDArray tWide = Reference.nd(manager, Reference.gaussian(rnd, 3, 1), DataType.FLOAT64);
        e = assertThrows(NotPositiveDefiniteException.class, () -> ProximalSolver.ridge(fWide, tWide, 0.0));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());

        // The same data with a ridge is fine and finite.
        DenseMatrix w = ProximalSolver.ridge(f, t, 1e-3);
        for (double v : w.data()) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void invalidParametersAreNamed() {
        Batch b = Batch.random(50, 10, 4, 1, DataType.FLOAT64);
        DenseMatrix prev = DenseMatrix.zeros(1, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProximalSolver.solve(b.f, b.t, -1.0, 0.1, prev));
        assertTrue(e.getMessage().contains("lambda") && e.getMessage().contains("-1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProximalSolver.solve(b.f, b.t, 0.1, Double.NaN, prev));
        assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ProximalSolver.solve(b.f, b.t, Double.POSITIVE_INFINITY, 0.1, prev));
        assertTrue(e.getMessage().contains("lambda"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProximalSolver.solve(b.f, b.t, 0.1, 0.1, null));
        assertTrue(e.getMessage().contains("previous"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ProximalSolver.solve(b.f, b.t, 0.1, 0.1, DenseMatrix.zeros(2, 4)));
        assertTrue(e.getMessage().contains("2x4") && e.getMessage().contains("1x4"), e.getMessage());
    }
}
