package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The eigendecomposition against reconstruction, orthogonality, closed-form spectra and independent solves. */
class SymmetricEigenTest {

    private static DenseMatrix randomSymmetric(Random rnd, int n) {
        double[][] g = Reference.gaussian(rnd, n, n);
        DenseMatrix m = DenseMatrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.set(i, j, g[i][j] + g[j][i]);
            }
        }
        return m;
    }

    /** V diag(values) V^T, formed by plain loops. */
    private static DenseMatrix reconstruct(SymmetricEigen e) {
        double[] s = e.values();
        DenseMatrix v = e.vectors();
        int n = s.length;
        DenseMatrix out = DenseMatrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += v.get(i, k) * s[k] * v.get(j, k);
                }
                out.set(i, j, sum);
            }
        }
        return out;
    }

    private static void assertDecomposes(DenseMatrix a, double tolerance) {
        SymmetricEigen e = SymmetricEigen.of(a);
        int n = a.rows();
        double scale = Math.max(1e-300, Reference.maxAbs(Reference.toArray(a)));
        assertTrue(reconstruct(e).maxAbsDiff(a) <= tolerance * scale, "reconstruction off by " + reconstruct(e).maxAbsDiff(a));
        DenseMatrix v = e.vectors();
        DenseMatrix gram = v.transpose().times(v);
        assertTrue(gram.maxAbsDiff(DenseMatrix.identity(n)) <= tolerance, "V^T V - I = " + gram.maxAbsDiff(DenseMatrix.identity(n)));
        double[] s = e.values();
        for (int i = 1; i < n; i++) {
            assertTrue(s[i - 1] <= s[i], "not ascending at " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 40, 129})
    void reconstructsRandomSymmetricMatrices(int n) {
        assertDecomposes(randomSymmetric(new Random(n), n), 1e-12);
    }

    /** The second-difference matrix tridiag(-1, 2, -1) has eigenvalues 2 - 2 cos(k pi / (n + 1)). */
    @Test
    void secondDifferenceMatrixHasItsClosedFormSpectrum() {
        int n = 50;
        DenseMatrix a = DenseMatrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            a.set(i, i, 2);
            if (i + 1 < n) {
                a.set(i, i + 1, -1);
                a.set(i + 1, i, -1);
            }
        }
        double[] s = SymmetricEigen.of(a).values();
        for (int k = 1; k <= n; k++) {
            assertEquals(2 - 2 * Math.cos(k * Math.PI / (n + 1)), s[k - 1], 1e-13, "eigenvalue " + k);
        }
        assertDecomposes(a, 1e-13);
    }

    /** Q diag(q) Q^T with repeated and zero eigenvalues (a rank-deficient Gram matrix), Q a product of reflections. */
    @Test
    void recoversRepeatedAndZeroEigenvalues() {
        int n = 12;
        double[] spectrum = {0, 0, 0, 1, 1, 1, 1, 2.5, 2.5, 7, 7, 100};
        Random rnd = new Random(5);
        DenseMatrix q = DenseMatrix.identity(n);
        for (int r = 0; r < 3; r++) { // Q = H1 H2 H3, Householder reflections of random directions
            double[] u = new double[n];
            double norm = 0;
            for (int i = 0; i < n; i++) {
                u[i] = rnd.nextGaussian();
                norm += u[i] * u[i];
            }
            DenseMatrix h = DenseMatrix.identity(n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    h.set(i, j, h.get(i, j) - 2 * u[i] * u[j] / norm);
                }
            }
            q = q.times(h);
        }
        DenseMatrix d = DenseMatrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            d.set(i, i, spectrum[i]);
        }
        DenseMatrix a = q.times(d).times(q.transpose());
        double[] s = SymmetricEigen.of(a).values();
        for (int i = 0; i < n; i++) {
            assertEquals(spectrum[i], s[i], 1e-12 * 100, "eigenvalue " + i);
        }
        assertDecomposes(a, 1e-12);
    }

    /**
     * Tiny entries (the Gram of features with dead units is zero up to rounding in some directions): a 2 x 2
     * block with equal diagonals and a coupling whose square underflows must still converge, and a matrix
     * scaled by 1e-200 must have the scaled spectrum. The shift once squared the coupling, underflowed to the
     * unshifted step, and swapped the block forever ("did not converge").
     */
    @Test
    void tinyCouplingsConverge() {
        double t = 1e-200;
        SymmetricEigen pair = SymmetricEigen.of(DenseMatrix.of(2, 2, new double[] {0, t, t, 0}));
        assertArrayEquals(new double[] {-t, t}, pair.values(), 1e-12 * t);
        DenseMatrix withZeros = DenseMatrix.of(3, 3, new double[] {5, 0, 0, 0, 3e-170, 2e-170, 0, 2e-170, 3e-170});
        assertArrayEquals(new double[] {1e-170, 5e-170, 5}, SymmetricEigen.of(withZeros).values(), 1e-12 * 1e-170);
        DenseMatrix a = randomSymmetric(new Random(4), 9);
        double[] expected = SymmetricEigen.of(a).values();
        double[] scaled = SymmetricEigen.of(a.scale(1e-200)).values();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] * 1e-200, scaled[i], 1e-12 * 1e-200 * Reference.maxAbs(Reference.toArray(a)), "value " + i);
        }
    }

    @Test
    void diagonalAndZeroMatricesAreTheirOwnDecomposition() {
        DenseMatrix diag = DenseMatrix.of(3, 3, 3, 0, 0, 0, -1, 0, 0, 0, 2);
        double[] s = SymmetricEigen.of(diag).values();
        assertEquals(-1, s[0]);
        assertEquals(2, s[1]);
        assertEquals(3, s[2]);
        assertDecomposes(DenseMatrix.zeros(4, 4), 0);
    }

    /**
     * The projected block: sum_i (V^T C)_i^T (V^T C)_i / (s_i + a) = C^T (A + a I)^{-1} C, the
     * right side by Gaussian elimination; a Gram matrix with more columns than rows is singular.
     */
    @Test
    void projectedBlockGivesTheResolventQuadraticForm() {
        Random rnd = new Random(11);
        int n = 20;
        int d = 30;
        int m = 3;
        double[][] phi = Reference.gaussian(rnd, n, d);
        DenseMatrix f = Reference.toMatrix(phi);
        DenseMatrix gram = f.transpose().times(f);
        double[][] c = Reference.gaussian(rnd, d, m);
        SymmetricEigen e = SymmetricEigen.project(gram, Reference.toMatrix(c));
        double[] s = e.values();
        DenseMatrix p = e.projected();
        assertEquals(0, s[d - n - 1], 1e-10 * s[d - 1], "rank n: d - n zero eigenvalues");
        double a = 0.7;
        double[][] shifted = Reference.toArray(gram);
        for (int i = 0; i < d; i++) {
            shifted[i][i] += a;
        }
        double[][] x = Reference.gaussSolve(shifted, c);
        for (int r = 0; r < m; r++) {
            for (int q = 0; q < m; q++) {
                double expected = 0;
                for (int i = 0; i < d; i++) {
                    expected += c[i][r] * x[i][q];
                }
                double actual = 0;
                for (int i = 0; i < d; i++) {
                    actual += p.get(i, r) * p.get(i, q) / (s[i] + a);
                }
                assertEquals(expected, actual, 1e-11 * Math.abs(expected) + 1e-12, "entry " + r + "," + q);
            }
        }
    }

    @Test
    void refusesNonSquareAndNonFiniteInput() {
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(DenseMatrix.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.project(DenseMatrix.zeros(2, 2), DenseMatrix.zeros(3, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.of(DenseMatrix.of(2, 2, 1, 0, Double.NaN, 1)));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
    }
}
