package dev.closedform.head;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The proximal solve in the diagonal metric {@code D = diag(Phi^T Phi / n)}, checked against its objective. */
class ProximalSolverScaledTest {

    /** (1/n)||Y - Phi W^T||^2 + lambda sum_j D_jj ||W_:j - P_:j||^2 + beta ||W||^2, by direct summation. */
    private static double objective(double[][] w, double[][] phi, double[][] y, double lambda, double beta, double[][] p) {
        int n = phi.length;
        int d = phi[0].length;
        double data = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < w.length; r++) {
                double pred = 0;
                for (int j = 0; j < d; j++) {
                    pred += w[r][j] * phi[i][j];
                }
                data += (y[i][r] - pred) * (y[i][r] - pred);
            }
        }
        double pull = 0;
        double ridge = 0;
        for (int j = 0; j < d; j++) {
            double djj = 0;
            for (double[] row : phi) {
                djj += row[j] * row[j] / n;
            }
            for (int r = 0; r < w.length; r++) {
                pull += djj * (w[r][j] - p[r][j]) * (w[r][j] - p[r][j]);
                ridge += w[r][j] * w[r][j];
            }
        }
        return data / n + lambda * pull + beta * ridge;
    }

    @Test
    void minimisesItsObjectiveOnFeaturesOfVeryDifferentScales() {
        Random rnd = new Random(3);
        int n = 30;
        int d = 6;
        int o = 2;
        double[] scale = {100, 30, 1, 0.1, 5, 1}; // second moments spanning 1e6
        double[][] phi = new double[n][d];
        double[][] y = Reference.gaussian(rnd, n, o);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                phi[i][j] = scale[j] * rnd.nextGaussian();
            }
        }
        double[][] prev = Reference.gaussian(rnd, o, d);
        double lambda = 4;
        double beta = 0.05;
        GramStatistics s = GramStatistics.of(Reference.toMatrix(phi).transpose().times(Reference.toMatrix(phi)),
                Reference.toMatrix(y).transpose().times(Reference.toMatrix(phi)), n);
        double[][] w = Reference.toArray(ProximalSolver.solveScaled(s, lambda, beta, Reference.toMatrix(prev)));
        double best = objective(w, phi, y, lambda, beta, prev);
        // stationarity by central differences, relative to each coordinate's curvature scale
        for (int r = 0; r < o; r++) {
            for (int j = 0; j < d; j++) {
                double h = 1e-4 / scale[j];
                double saved = w[r][j];
                w[r][j] = saved + h;
                double up = objective(w, phi, y, lambda, beta, prev);
                w[r][j] = saved - h;
                double down = objective(w, phi, y, lambda, beta, prev);
                w[r][j] = saved;
                double slope = (up - down) / (2 * h) / scale[j];
                assertTrue(Math.abs(slope) < 1e-5, "d/dW[" + r + "][" + j + "] = " + slope);
                assertTrue(up > best && down > best, "not a minimum along W[" + r + "][" + j + "]");
            }
        }
        // and the identity-metric solve with the same lambda is a different point (the metric matters here)
        double[][] plain = Reference.toArray(ProximalSolver.solve(s, lambda, beta, Reference.toMatrix(prev)));
        assertTrue(objective(plain, phi, y, lambda, beta, prev) > best + 1e-3, "identity metric should not minimise it");
    }

    @Test
    void equalsTheIdentityMetricWhenEveryFeatureHasTheSameSecondMoment() {
        // orthogonal +-c columns: D = c^2 I exactly, so lambda in the diagonal metric is lambda c^2 in the identity one
        double c = 3;
        double[][] phi = {{c, c, c}, {c, -c, c}, {c, c, -c}, {c, -c, -c}};
        double[][] y = {{1, 0}, {2, 1}, {-1, 3}, {0.5, -2}};
        double[][] prev = {{0.3, -0.2, 0.1}, {1, 2, -1}};
        GramStatistics s = GramStatistics.of(Reference.toMatrix(phi).transpose().times(Reference.toMatrix(phi)),
                Reference.toMatrix(y).transpose().times(Reference.toMatrix(phi)), 4);
        DenseMatrix scaled = ProximalSolver.solveScaled(s, 0.7, 0.2, Reference.toMatrix(prev));
        DenseMatrix plain = ProximalSolver.solve(s, 0.7 * c * c, 0.2, Reference.toMatrix(prev));
        assertTrue(scaled.maxAbsDiff(plain) < 1e-12, scaled + " vs " + plain);
    }
}
