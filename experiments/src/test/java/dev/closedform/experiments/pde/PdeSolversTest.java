package dev.closedform.experiments.pde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PdeSolversTest {

    static double relative(double[] a, double[] b) {
        double s = 0;
        double t = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
            t += b[i] * b[i];
        }
        return Math.sqrt(s / t);
    }

    @Test
    void periodicFieldSpectrumAndVarianceMatchCovariance() {
        int n = 64;
        int samples = 3000;
        double[] power = new double[n / 2 + 1];
        double var = 0;
        SplittableRandom rng = new SplittableRandom(7);
        double[] re = new double[n / 2 + 1];
        double[] im = new double[n / 2 + 1];
        for (int s = 0; s < samples; s++) {
            double[] u = GaussianRandomField.periodic(n, 25, 5, 2, rng);
            for (double v : u) {
                var += v * v;
            }
            Fft.of(n).realForward(u, re, im);
            for (int k = 0; k <= n / 2; k++) {
                power[k] += re[k] * re[k] + im[k] * im[k];
            }
        }
        var /= (double) samples * n;
        double want = GaussianRandomField.periodicVariance(n, 25, 5, 2);
        assertEquals(want, var, 0.05 * want, "pointwise variance");
        assertEquals(0, power[0], 1e-18);
        for (int k = 1; k < n / 2; k++) {
            // E|X_k|^2 = n^2 lambda_k; the estimate has relative sd 1/sqrt(samples) ~ 1.8%
            double lambda = GaussianRandomField.eigenvalue(4 * Math.PI * Math.PI * k * k, 25, 5, 2);
            assertEquals(1.0, power[k] / samples / (n * n * lambda), 0.1, "mode " + k);
        }
        // Burgers inputs: rms about 0.5 (docs/operators.md)
        double rms = Math.sqrt(GaussianRandomField.periodicVariance(1024, 25, 5, 2));
        assertTrue(rms > 0.4 && rms < 0.6, "rms " + rms);
    }

    @Test
    void squareFieldVarianceMatchesCovariance() {
        int n = 17;
        int modes = 12;
        int samples = 3000;
        SplittableRandom rng = new SplittableRandom(8);
        double[] sq = new double[n * n];
        for (int s = 0; s < samples; s++) {
            double[] z = GaussianRandomField.square(n, modes, 1, 3, 2, rng);
            for (int i = 0; i < z.length; i++) {
                sq[i] += z[i] * z[i];
            }
        }
        for (int[] ij : new int[][] {{0, 0}, {8, 8}, {3, 11}, {16, 5}}) {
            double want = GaussianRandomField.squareVariance(n, modes, 1, 3, 2, ij[0], ij[1]);
            double got = sq[ij[0] * n + ij[1]] / samples;
            // relative sd of a variance estimate: sqrt(2/samples) ~ 2.6%
            assertEquals(want, got, 0.12 * want, "variance at " + Arrays.toString(ij));
        }
    }

    /** Cole-Hopf: u = -2 nu phi_x / phi with phi = 2 + exp(-4 pi^2 nu t) cos(2 pi x) solves Burgers exactly. */
    @Test
    void burgersMatchesColeHopfExactSolution() {
        double nu = 0.1;
        double t = 1.0;
        int s = 256;
        double[] u0 = new double[s];
        double[] exact = new double[s];
        for (int j = 0; j < s; j++) {
            double x = (double) j / s;
            u0[j] = coleHopf(x, 0, nu);
            exact[j] = coleHopf(x, t, nu);
        }
        BurgersConfig config = BurgersConfig.of(s, nu, t);
        double[] u = config.solver().solve(u0);
        assertTrue(relative(u, exact) < 1e-8, "relative error " + relative(u, exact));
    }

    static double coleHopf(double x, double t, double nu) {
        double e = Math.exp(-4 * Math.PI * Math.PI * nu * t);
        return 2 * nu * 2 * Math.PI * e * Math.sin(2 * Math.PI * x) / (2 + e * Math.cos(2 * Math.PI * x));
    }

    /** The chosen defaults are converged: half the step on twice the grid changes u(., 1) by < 1e-6. */
    @Test
    void burgersDefaultsAreConverged() {
        for (int s : new int[] {256, 1024}) {
            BurgersConfig config = BurgersConfig.of(s, 0.1, 1.0);
            double[] u0 = GaussianRandomField.periodic(s, 25, 5, 2, new SplittableRandom(11));
            double[] u = config.solver().solve(u0);
            double[] fine = new BurgersSolver(2 * config.solverGrid(), 0.1, 1.0, 2 * config.steps()).solve(u0);
            double err = relative(u, fine);
            assertTrue(err < 1e-6, "s=" + s + ": change " + err);
        }
        // nu = 1e-3 (a steep front): same check on a short time, past front formation is costly for a unit test
        BurgersConfig hard = BurgersConfig.of(256, 1e-3, 0.25);
        double[] u0 = GaussianRandomField.periodic(256, 25, 5, 2, new SplittableRandom(12));
        double[] u = hard.solver().solve(u0);
        double[] fine = new BurgersSolver(2 * hard.solverGrid(), 1e-3, 0.25, 2 * hard.steps()).solve(u0);
        assertTrue(relative(u, fine) < 1e-6, "nu=1e-3 change " + relative(u, fine));
    }

    /** u = sin(pi x) sin(pi y), a = 1 + x + 2 y^2: the error falls by about 4 per halving of h. */
    @Test
    void darcyManufacturedSolutionConvergesAtSecondOrder() {
        double[] errors = new double[3];
        int[] sizes = {17, 33, 65};
        for (int t = 0; t < sizes.length; t++) {
            int n = sizes[t];
            double h = 1.0 / (n - 1);
            double[] a = new double[n * n];
            double[] f = new double[n * n];
            double[] exact = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double y = i * h;
                    double x = j * h;
                    double pi = Math.PI;
                    double av = 1 + x + 2 * y * y;
                    double ax = 1;
                    double ay = 4 * y;
                    double ux = pi * Math.cos(pi * x) * Math.sin(pi * y);
                    double uy = pi * Math.sin(pi * x) * Math.cos(pi * y);
                    double lap = -2 * pi * pi * Math.sin(pi * x) * Math.sin(pi * y);
                    a[i * n + j] = av;
                    f[i * n + j] = -(ax * ux + ay * uy + av * lap);
                    exact[i * n + j] = (i == 0 || j == 0 || i == n - 1 || j == n - 1) ? 0 : Math.sin(pi * x) * Math.sin(pi * y);
                }
            }
            DarcySolver.Solution sol = new DarcySolver(n, 1e-12, 10_000).solve(a, f);
            double e = 0;
            for (int i = 0; i < exact.length; i++) {
                e = Math.max(e, Math.abs(sol.u()[i] - exact[i]));
            }
            errors[t] = e;
        }
        for (int t = 1; t < errors.length; t++) {
            double order = Math.log(errors[t - 1] / errors[t]) / Math.log(2);
            assertTrue(order > 1.8 && order < 2.2, "order " + order + " errors " + Arrays.toString(errors));
        }
    }

    @Test
    void darcySamplesHaveResidualBelowTolerance() {
        DarcyConfig config = DarcyConfig.of(29, 2);
        for (int s = 0; s < 3; s++) {
            double[] a = config.coefficient(new SplittableRandom(s));
            DarcySolver.Solution sol = config.solver().solve(a);
            double[] f = new double[a.length];
            Arrays.fill(f, 1.0);
            double res = DarcySolver.relativeResidual(config.solverGrid(), a, f, sol.u());
            assertTrue(res <= config.tolerance(), "residual " + res);
            assertEquals(res, sol.relativeResidual(), 1e-3 * config.tolerance());
            for (double v : a) {
                assertTrue(v == 3 || v == 12);
            }
        }
    }
}
