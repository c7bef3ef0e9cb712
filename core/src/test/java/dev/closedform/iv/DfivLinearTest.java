package dev.closedform.iv;

import dev.closedform.testing.Oracles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.head.DenseMatrix;
import org.junit.jupiter.api.Test;

/** Linear feature maps make DFIV exactly ridge-regularised two-stage least squares. */
class DfivLinearTest {

    /** Independent ridge 2SLS: normal equations solved by Gaussian elimination, regressors in a different order. */
    static double[] ridge2sls(IvData d1, IvData d2, double ridge1, double ridge2, double[][] grid) {
        int n1 = d1.rows();
        int dz = d1.instruments().cols();
        // stage 1: x ~ [1, z]
        double[][] a1 = new double[n1][dz + 1];
        double[] t1 = new double[n1];
        for (int i = 0; i < n1; i++) {
            a1[i][0] = 1;
            for (int j = 0; j < dz; j++) {
                a1[i][j + 1] = d1.instruments().get(i, j);
            }
            t1[i] = d1.treatment().get(i, 0);
        }
        double[] g = Oracles.ridge(a1, t1, ridge1);
        int n2 = d2.rows();
        double[][] a2 = new double[n2][];
        double[] t2 = new double[n2];
        for (int i = 0; i < n2; i++) {
            double xhat = g[0];
            for (int j = 0; j < dz; j++) {
                xhat += g[j + 1] * d2.instruments().get(i, j);
            }
            double w = d2.covariates().get(i, 0);
            a2[i] = new double[] {1, w, xhat, xhat * w};
            t2[i] = d2.outcome()[i];
        }
        double[] b = Oracles.ridge(a2, t2, ridge2);
        double[] out = new double[grid.length];
        for (int k = 0; k < grid.length; k++) {
            double x = grid[k][0];
            double w = grid[k][1];
            out[k] = b[0] + b[1] * w + b[2] * x + b[3] * x * w;
        }
        return out;
    }

    static double[][] grid() {
        double[][] g = new double[30][];
        for (int i = 0; i < 30; i++) {
            g[i] = new double[] {-2 + 0.2 * i, Math.sin(i)};
        }
        return g;
    }

    static double[] predict(DfivModel model, double[][] grid) {
        DenseMatrix x = DenseMatrix.zeros(grid.length, 1);
        DenseMatrix w = DenseMatrix.zeros(grid.length, 1);
        for (int i = 0; i < grid.length; i++) {
            x.set(i, 0, grid[i][0]);
            w.set(i, 0, grid[i][1]);
        }
        return model.predict(x, w);
    }

    static void assertRelative(double[] expected, double[] actual, double tol) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * scale, "point " + i);
        }
    }

    @Test
    void linearFeaturesEqualRidge2slsOnAllRowsAndOnHalves() {
        IvData data = IvTestData.generate(400, 11);
        double[][] grid = grid();
        for (boolean half : new boolean[] {false, true}) {
            for (DfivMethod method : DfivMethod.values()) {
                DfivConfig config = DfivConfig.builder().setMethod(method).optLinear(true).optSplitHalf(half)
                        .optRidge1(0.3).optRidge2(0.05).optSeed(5).build();
                DfivTrainer.Result r = DfivTrainer.train(data, config, null);
                try (DfivModel model = r.model()) {
                    int[][] split = DfivTrainer.split(data.rows(), half, 5);
                    double[] expected = ridge2sls(data.subset(split[0]), data.subset(split[1]), 0.3, 0.05, grid);
                    assertRelative(expected, predict(model, grid), 1e-10);
                }
            }
        }
    }

    @Test
    void halfSplitIsADisjointCoverAndDependsOnTheSeed() {
        int[][] s = DfivTrainer.split(101, true, 3);
        assertEquals(50, s[0].length);
        assertEquals(51, s[1].length);
        boolean[] seen = new boolean[101];
        for (int[] part : s) {
            for (int i : part) {
                assertTrue(!seen[i], "row " + i + " in both halves");
                seen[i] = true;
            }
        }
        assertTrue(!java.util.Arrays.equals(s[0], DfivTrainer.split(101, true, 4)[0]));
        assertEquals(101, DfivTrainer.split(101, false, 3)[0].length);
    }

    @Test
    void twoStageLeastSquaresRemovesTheEndogeneityBiasThatOlsKeeps() {
        IvData data = IvTestData.generate(20000, 2);
        DfivConfig config = DfivConfig.builder().optLinear(true).optSplitHalf(false).optRidge1(1e-8).optRidge2(1e-8).build();
        double[][] grid = grid();
        double ivErr;
        try (DfivModel model = DfivTrainer.train(data, config, null).model()) {
            ivErr = mse(predict(model, grid), grid);
        }
        // OLS of y on [1, w, x, x w] (treats x as exogenous): biased because v enters x and the noise
        int n = data.rows();
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            double x = data.treatment().get(i, 0);
            double w = data.covariates().get(i, 0);
            a[i] = new double[] {1, w, x, x * w};
        }
        double[] b = Oracles.ridge(a, data.outcome(), 1e-8);
        double[] ols = new double[grid.length];
        for (int k = 0; k < grid.length; k++) {
            ols[k] = b[0] + b[1] * grid[k][1] + b[2] * grid[k][0] + b[3] * grid[k][0] * grid[k][1];
        }
        double olsErr = mse(ols, grid);
        assertTrue(ivErr < 0.01, "2SLS should recover the structural function, mse " + ivErr);
        assertTrue(olsErr > 10 * ivErr && olsErr > 0.02, "OLS should be biased: ols " + olsErr + " vs 2sls " + ivErr);
    }

    static double mse(double[] pred, double[][] grid) {
        double s = 0;
        for (int i = 0; i < grid.length; i++) {
            double e = pred[i] - IvTestData.structural(grid[i][0], grid[i][1]);
            s += e * e;
        }
        return s / grid.length;
    }
}
