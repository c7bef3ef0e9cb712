package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The blocked factorisation and the column-oriented substitution at sizes with several panels and partial blocks. */
class CholeskyBlockedTest {

    /** A random SPD matrix X X^T / m + I (m = 2n columns), and the columns X for rank-deficient variants. */
    private static double[][] spd(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = Reference.gaussian(r, n, 2 * n);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < 2 * n; k++) {
                    s += x[i][k] * x[j][k];
                }
                a[i][j] = s / (2 * n) + (i == j ? 1 : 0);
            }
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 13, 37, 129})
    void factorReproducesTheMatrixAndSolvesMatchGaussianElimination(int n) {
        double[][] a = spd(n, n);
        DenseMatrix am = Reference.toMatrix(a);
        Cholesky c = Cholesky.factor(am);
        DenseMatrix l = c.lower();
        assertTrue(l.times(l.transpose()).maxAbsDiff(am) < 1e-12 * n, "L L^T = A at n = " + n);
        Random r = new Random(100 + n);
        double[][] b = Reference.gaussian(r, 3, n); // X A = B, X is 3 x n
        DenseMatrix x = c.solveRight(Reference.toMatrix(b));
        double[][] at = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                at[i][j] = a[j][i];
            }
        }
        for (int row = 0; row < 3; row++) {
            double[][] rhs = new double[n][1];
            for (int j = 0; j < n; j++) {
                rhs[j][0] = b[row][j];
            }
            double[][] ref = Reference.gaussSolve(at, rhs); // A^T x^T = b^T
            for (int j = 0; j < n; j++) {
                assertEquals(ref[j][0], x.get(row, j), 1e-11 * (1 + Math.abs(ref[j][0])), "n = " + n + ", row " + row + ", column " + j);
            }
        }
    }

    /** A failure in a later panel names its own pivot. */
    @Test
    void indefinitePivotInALaterPanelIsReportedThere() {
        int n = 30;
        double[][] a = spd(n, 3);
        // make the leading 21 x 21 block singular plus a negative direction: pivot 20 fails
        for (int j = 0; j < n; j++) {
            a[20][j] = a[19][j];
            a[j][20] = a[j][19];
        }
        a[20][20] = a[19][19] - 0.5;
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.factor(Reference.toMatrix(a)));
        assertEquals(20, e.pivotIndex());
        assertTrue(e.pivotValue() < 0, "pivot " + e.pivotValue());
    }

    /**
     * The proximal solve factors {@code G / n + c I} (less beta on an unpenalised bias) as it copies the Gram
     * matrix; its factor must be the one of the matrix formed first, bit for bit, so that no result moves.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 9, 129})
    void factoringAsItFormsIsFactoringTheFormedMatrix(int n) {
        DenseMatrix gram = Reference.toMatrix(spd(n, 7 + n)).scale(37.0);
        double invN = 1.0 / 37;
        double lambda = 0.1;
        double beta = 1e-3;
        for (double lastLess : new double[] {0.0, beta}) {
            DenseMatrix formed = gram.scale(invN).addToDiagonalInPlace(lambda + beta);
            formed.set(n - 1, n - 1, formed.get(n - 1, n - 1) - lastLess);
            Cholesky expected = Cholesky.factor(formed);
            Cholesky fused = Cholesky.factor(gram, invN, lambda + beta, lastLess);
            assertEquals(0.0, fused.lower().maxAbsDiff(expected.lower()), "n = " + n + ", last diagonal less " + lastLess);
            assertEquals(expected.minRelativePivot(), fused.minRelativePivot());
        }
    }
}
