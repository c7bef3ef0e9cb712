package dev.closedform.experiments.theory;

import dev.closedform.testing.Oracles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KernelRidgeTest {

    @Test
    void predictionsMatchAnIndependentSolve() {
        Random random = new Random(9);
        int n = 15;
        double[][] x = new double[n][3];
        double[][] test = new double[4][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = random.nextGaussian();
            }
        }
        for (double[] row : test) {
            for (int j = 0; j < 3; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextGaussian();
        }
        double beta = 0.03;
        double[][] k = ReluKernels.matrix(ReluKernels::k1, x, x);
        double[][] cross = ReluKernels.matrix(ReluKernels::k1, test, x);
        double[] got = KernelRidge.predict(k, cross, y, beta);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i] = k[i].clone();
            a[i][i] += n * beta; // the mean data term puts n beta on the diagonal
        }
        double[] c = Oracles.solve(a, y);
        for (int t = 0; t < test.length; t++) {
            assertEquals(ReluKernels.dot(cross[t], c), got[t], 1e-12);
        }
    }

    @Test
    void refusesAZeroRidge() {
        double[][] k = {{1}};
        assertThrows(IllegalArgumentException.class, () -> KernelRidge.predict(k, k, new double[] {1}, 0));
    }
}
