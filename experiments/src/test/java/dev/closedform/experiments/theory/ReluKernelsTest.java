package dev.closedform.experiments.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The analytic kernels against closed-form special cases and against a Monte-Carlo estimate of the
 * empirical tangent kernel of {@code f(x) = W relu(A x) / sqrt(m)} at large width.
 */
class ReluKernelsTest {

    private static final double[][] POINTS = {
        {1.0, 0.0, 0.0}, {0.6, 0.8, 0.0}, {-0.3, 0.5, 1.2}, {2.0, -1.0, 0.5}, {-1.0, -0.2, -0.4}
    };

    @Test
    void specialAnglesHaveTheirClosedForms() {
        double[] u = {1.5, -0.5, 2.0};
        double[] minus = {-3.0, 1.0, -4.0}; // -2 u
        double[] orthogonal = {2.0, 2.0, -1.0}; // u . orthogonal = 0
        double nu2 = ReluKernels.dot(u, u);
        assertEquals(nu2 / 2, ReluKernels.k1(u, u), 1e-14);
        assertEquals(0.5, ReluKernels.k0(u, u), 1e-15);
        assertEquals(0.0, ReluKernels.k1(u, minus), 1e-14);
        assertEquals(0.0, ReluKernels.k0(u, minus), 1e-15);
        assertEquals(ReluKernels.norm(u) * ReluKernels.norm(orthogonal) / (2 * Math.PI), ReluKernels.k1(u, orthogonal), 1e-14);
        assertEquals(0.25, ReluKernels.k0(u, orthogonal), 1e-15);
        assertEquals(nu2 / 2 + 3 * nu2 / 2, ReluKernels.ntk(u, u, 3), 1e-13);
        assertEquals(0.0, ReluKernels.k1(u, new double[3]), 0.0);
    }

    @Test
    void analyticKernelsMatchTheEmpiricalTangentKernelAtLargeWidth() {
        int m = 200_000;
        int p = POINTS.length;
        Random random = new Random(7);
        double[][] sumReadout = new double[p][p];
        double[][] sumHidden = new double[p][p];
        double[][] sqReadout = new double[p][p];
        double[][] sqHidden = new double[p][p];
        double[] pre = new double[p];
        for (int k = 0; k < m; k++) {
            double[] a = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            double w = random.nextGaussian();
            for (int i = 0; i < p; i++) {
                pre[i] = ReluKernels.dot(a, POINTS[i]);
            }
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    // per-unit contributions to the two blocks of the empirical tangent kernel
                    double r = Math.max(pre[i], 0) * Math.max(pre[j], 0);
                    double h = pre[i] > 0 && pre[j] > 0 ? w * w * ReluKernels.dot(POINTS[i], POINTS[j]) : 0;
                    sumReadout[i][j] += r;
                    sqReadout[i][j] += r * r;
                    sumHidden[i][j] += h;
                    sqHidden[i][j] += h * h;
                }
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double readout = sumReadout[i][j] / m;
                double hidden = sumHidden[i][j] / m;
                // five Monte-Carlo standard errors, plus a floor for entries that are exactly zero
                double tolR = 5 * Math.sqrt((sqReadout[i][j] / m - readout * readout) / m) + 1e-12;
                double tolH = 5 * Math.sqrt((sqHidden[i][j] / m - hidden * hidden) / m) + 1e-12;
                assertEquals(ReluKernels.k1(POINTS[i], POINTS[j]), readout, tolR, "readout block " + i + "," + j);
                assertEquals(ReluKernels.hiddenBlock(POINTS[i], POINTS[j], 1), hidden, tolH, "hidden block " + i + "," + j);
                assertEquals(ReluKernels.ntk(POINTS[i], POINTS[j], 1), readout + hidden, tolR + tolH, "NTK " + i + "," + j);
                double scale = 1 + Math.abs(readout) + Math.abs(hidden);
                assertTrue(tolR < 0.05 * scale && tolH < 0.05 * scale, "the estimate is too noisy to test anything");
            }
        }
    }

    @Test
    void kernelMatricesArePositiveSemiDefinite() {
        double[][] k = ReluKernels.matrix(ReluKernels::k1, POINTS, POINTS);
        Random random = new Random(3);
        for (int t = 0; t < 100; t++) {
            double[] c = new double[POINTS.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = random.nextGaussian();
            }
            double q = 0;
            for (int i = 0; i < c.length; i++) {
                for (int j = 0; j < c.length; j++) {
                    q += c[i] * k[i][j] * c[j];
                }
            }
            assertTrue(q > -1e-12, "c' K c = " + q);
        }
    }
}
