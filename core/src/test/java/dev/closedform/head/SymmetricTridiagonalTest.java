package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tridiagonal reduction against dense products (Q is orthogonal, so the carried block keeps every
 * {@code C^T A^k C} and {@code T} keeps every {@code tr A^k}), and the shifted tridiagonal solver against
 * Gaussian elimination on the dense {@code T + a I}.
 */
class SymmetricTridiagonalTest {

    private static double[][] gram(Random rnd, int n, int d) {
        double[][] phi = Reference.features(rnd, n, d);
        return Reference.toArray(Reference.toMatrix(phi).transpose().times(Reference.toMatrix(phi)));
    }

    private static double[][] dense(SymmetricTridiagonal t) {
        int n = t.size();
        double[] diag = t.diagonal();
        double[] off = t.offDiagonal();
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            out[i][i] = diag[i];
            if (i + 1 < n) {
                out[i][i + 1] = off[i];
                out[i + 1][i] = off[i];
            }
        }
        return out;
    }

    private static double[][] times(double[][] a, double[][] b) {
        return Reference.toArray(Reference.toMatrix(a).times(Reference.toMatrix(b)));
    }

    private static double trace(double[][] a) {
        double t = 0;
        for (int i = 0; i < a.length; i++) {
            t += a[i][i];
        }
        return t;
    }

    @Test
    void keepsTracesOfPowersAndTheCarriedBlocksQuadraticForms() {
        Random rnd = new Random(11);
        for (int[] shape : new int[][] {{40, 9}, {5, 12}, {20, 1}, {30, 2}}) {
            double[][] a = gram(rnd, shape[0], shape[1]);
            double[][] c = Reference.gaussian(rnd, shape[1], 3);
            SymmetricTridiagonal t = SymmetricTridiagonal.reduce(Reference.toMatrix(a), Reference.toMatrix(c));
            double[][] tt = dense(t);
            double[][] qc = Reference.toArray(t.carried());
            double[][] ak = identity(a.length);
            double[][] tk = identity(a.length);
            for (int k = 0; k <= 3; k++) {
                double scale = Math.pow(Reference.maxAbs(a) * a.length, k);
                String at = shape[0] + "x" + shape[1] + ", power " + k;
                if (k > 0) {
                    assertEquals(trace(ak), trace(tk), 1e-12 * scale, at + ": trace");
                }
                double[][] expected = times(times(Reference.transpose(c), ak), c);
                double[][] actual = times(times(Reference.transpose(qc), tk), qc);
                assertEquals(0, Reference.relativeError(actual, expected), 1e-11, at + ": C^T A^k C");
                ak = times(ak, a);
                tk = times(tk, tt);
            }
            assertEquals(a.length, t.times(t.carriedArray(), 3).length / 3, "T x keeps the shape");
            assertEquals(0, Reference.relativeError(Reference.toArray(DenseMatrix.of(a.length, 3, t.times(t.carriedArray(), 3))),
                    times(tt, qc)), 1e-13, "T x equals the dense product");
        }
    }

    @Test
    void shiftedSolveAndTraceOfInverseEqualDenseElimination() {
        Random rnd = new Random(12);
        double[][] a = gram(rnd, 25, 10);
        SymmetricTridiagonal t = SymmetricTridiagonal.reduce(Reference.toMatrix(a), DenseMatrix.zeros(10, 1));
        for (double shift : new double[] {1e-6, 0.3, 50}) {
            double[][] shifted = dense(t);
            for (int i = 0; i < shifted.length; i++) {
                shifted[i][i] += shift;
            }
            ShiftedTridiagonal f = ShiftedTridiagonal.factor(t.diagonalArray(), t.offDiagonalArray(), shift);
            double[][] b = Reference.gaussian(rnd, 10, 4);
            double[][] x = Reference.toArray(DenseMatrix.of(10, 4, f.solve(Reference.toMatrix(b).data(), 4)));
            assertEquals(0, Reference.relativeError(x, Reference.gaussSolve(shifted, b)), 1e-10, "solve at shift " + shift);
            double expected = trace(Reference.gaussSolve(shifted, identity(10)));
            assertEquals(expected, f.traceOfInverse(), 1e-10 * expected, "trace of the inverse at shift " + shift);
        }
    }

    @Test
    void refusesAShiftThatLeavesItIndefinite() {
        assertThrows(NotPositiveDefiniteException.class,
                () -> ShiftedTridiagonal.factor(new double[] {1, 1}, new double[] {2}, 0));
    }

    private static double[][] identity(int n) {
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            out[i][i] = 1;
        }
        return out;
    }
}
