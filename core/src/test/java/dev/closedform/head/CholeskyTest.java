package dev.closedform.head;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CholeskyTest {
    // Classic example with an integer factor: A = L L^T, L = [[2,0,0],[6,1,0],[-8,5,3]].
    private static final double[][] A = {{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}};

    @Test
    void factorMatchesHandComputedLowerTriangle() {
        DenseMatrix l = Cholesky.factor(Reference.toMatrix(A)).lower();
        assertArrayEquals(new double[] {2, 0, 0, 6, 1, 0, -8, 5, 3}, l.data(), 1e-14);
    }

    @Test
    void minRelativePivotReportsTheSmallestSchurComplementRatio() {
        // Pivots (L_jj^2) are 4, 1, 9 against diagonals 4, 37, 98.
        assertEquals(1.0 / 37, Cholesky.factor(Reference.toMatrix(A)).minRelativePivot(), 1e-15);
        assertEquals(1.0, Cholesky.factor(DenseMatrix.identity(3).scale(5)).minRelativePivot());
    }

    @Test
    void solveRecoversKnownSolutionOfAXEqualsB() {
        double[][] x = {{1, 2}, {0, -1}, {3, 1}};
        double[][] b = multiply(A, x);
        DenseMatrix got = Cholesky.factor(Reference.toMatrix(A)).solve(Reference.toMatrix(b));
        assertTrue(Reference.relativeError(Reference.toArray(got), x) < 1e-13, got.toString());
    }

    @Test
    void solveRightRecoversKnownSolutionOfXAEqualsB() {
        double[][] x = {{1, 0, 3}, {2, -1, 1}};
        double[][] b = multiply(x, A);
        DenseMatrix got = Cholesky.factor(Reference.toMatrix(A)).solveRight(Reference.toMatrix(b));
        assertTrue(Reference.relativeError(Reference.toArray(got), x) < 1e-13, got.toString());
    }

    @Test
    void indefiniteMatrixNamesPivotValueSizeAndRemedy() {
        // Pivot 0 = 1, L10 = 2, pivot 1 = 1 - 4 = -3.
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.factor(DenseMatrix.of(2, 2, 1, 2, 2, 1)));
        assertEquals(1, e.pivotIndex());
        assertEquals(-3.0, e.pivotValue(), 1e-15);
        assertEquals(2, e.size());
        String msg = e.getMessage();
        assertTrue(msg.contains("pivot 1") && msg.contains("-3.0") && msg.contains("2x2"), msg);
        assertTrue(msg.contains("increase the ridge beta or the proximal coefficient lambda"), msg);
        assertTrue(e instanceof ArithmeticException);
    }

    @Test
    void exactlySingularMatrixIsRejected() {
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.factor(DenseMatrix.of(2, 2, 1, 1, 1, 1)));
        assertEquals(1, e.pivotIndex());
        assertEquals(0.0, e.pivotValue());
    }

    @Test
    void zeroMatrixIsRejectedAtFirstPivot() {
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.factor(DenseMatrix.zeros(3, 3)));
        assertEquals(0, e.pivotIndex());
    }

    @Test
    void nonSquareAndNonFiniteInputsAreIllegalArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cholesky.factor(DenseMatrix.zeros(2, 3)));
        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Cholesky.factor(DenseMatrix.of(2, 2, 1, 0, Double.NaN, 1)));
    }

    @Test
    void rightHandSideShapeIsChecked() {
        Cholesky c = Cholesky.factor(Reference.toMatrix(A));
        assertThrows(IllegalArgumentException.class, () -> c.solveRight(DenseMatrix.zeros(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> c.solve(DenseMatrix.zeros(2, 2)));
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}
