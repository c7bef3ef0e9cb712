package dev.closedform.experiments.pde;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * All parameters of the Burgers data set: output resolution S, viscosity, final time, the GRF of
 * the initial condition ({@code sigma^2 (-Laplacian + tau^2)^-alpha}) and the solver's grid and steps.
 *
 * <p>Defaults ({@link #of}), chosen by the convergence study in {@code PdeSolversTest} and the
 * README: spectral grid {@code N = max(2 S, 2^ceil(log2(4 / nu)))} (holds all S/2 input modes
 * below the 2/3 cut; for small nu enough points for the front of width about 2 nu / |du|), and
 * {@code steps = ceil(200 T max(1, (0.1 / nu)^0.75))} ETDRK4 steps (200 for nu = 0.1, T = 1; 6325
 * for nu = 1e-3, where the steep front needs the smaller step). With these, half the step on twice the grid changes u(., 1) by about 1e-7 relative.
 *
 * @param resolution S, output points (power of two >= 8)
 * @param nu         viscosity
 * @param finalTime  T
 * @param solverGrid spectral grid N (power of two, multiple of S)
 * @param steps      ETDRK4 steps
 * @param sigma      GRF scale (25)
 * @param tau        GRF shift (5)
 * @param alpha      GRF power (2)
 */
public record BurgersConfig(int resolution, double nu, double finalTime, int solverGrid, int steps,
        double sigma, double tau, double alpha) {

    /** Validates. */
    public BurgersConfig {
        if (resolution < 8 || Integer.bitCount(resolution) != 1) {
            throw new IllegalArgumentException("resolution must be a power of two >= 8, got " + resolution);
        }
        if (!(nu > 0)) {
            throw new IllegalArgumentException("nu must be > 0, got " + nu);
        }
        if (!(finalTime > 0)) {
            throw new IllegalArgumentException("final time must be > 0, got " + finalTime);
        }
        if (solverGrid < resolution || Integer.bitCount(solverGrid) != 1) {
            throw new IllegalArgumentException("solver grid must be a power of two >= resolution " + resolution
                    + ", got " + solverGrid);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (!(sigma > 0) || !(tau > 0) || !(alpha > 0.5)) {
            throw new IllegalArgumentException("GRF needs sigma > 0, tau > 0, alpha > 1/2; got " + sigma + ", " + tau + ", " + alpha);
        }
    }

    /** The standard setting: S = 1024, nu = 0.1, T = 1. */
    public static BurgersConfig standard() {
        return of(1024, 0.1, 1.0);
    }

    /** Defaults for the solver grid, steps and field (see the class comment). */
    public static BurgersConfig of(int resolution, double nu, double finalTime) {
        int grid = 2 * resolution;
        int need = Integer.highestOneBit((int) Math.min(1 << 20, Math.ceil(4 / nu)) - 1) << 1;
        grid = Math.max(grid, Math.max(8, need));
        int steps = (int) Math.ceil(200 * finalTime * Math.max(1, Math.pow(0.1 / nu, 0.75)));
        return new BurgersConfig(resolution, nu, finalTime, grid, steps, 25, 5, 2);
    }

    /** @return a copy with another solver grid and step count */
    public BurgersConfig withSolver(int grid, int steps) {
        return new BurgersConfig(resolution, nu, finalTime, grid, steps, sigma, tau, alpha);
    }

    /** @return the solver for these parameters (immutable, share it between threads) */
    public BurgersSolver solver() {
        return new BurgersSolver(solverGrid, nu, finalTime, steps);
    }

    /** @return the initial condition at S points */
    public double[] initialCondition(RandomGenerator rng) {
        return GaussianRandomField.periodic(resolution, sigma, tau, alpha, rng);
    }

    /** @return every parameter that changes the data, canonically formatted (the cache key) */
    public String key() {
        return String.format(Locale.ROOT, "burgers v1 s=%d nu=%s T=%s N=%d steps=%d sigma=%s tau=%s alpha=%s",
                resolution, nu, finalTime, solverGrid, steps, sigma, tau, alpha);
    }
}
