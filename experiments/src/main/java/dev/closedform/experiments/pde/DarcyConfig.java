package dev.closedform.experiments.pde;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * All parameters of the Darcy data set: output resolution S (points per side, vertex grid including
 * the boundary), refinement r (the equation is solved on {@code r (S - 1) + 1} points per side and
 * every r-th node is kept), the field ({@code (-Laplacian + tau^2)^-alpha}, cosine series with
 * {@code modes} per axis), the two coefficient values and the CG tolerance.
 *
 * <p>Default refinement 2 (85 -> 169 points): on this machine one solve costs about 0.3-0.6 s at 169
 * and about 4 s at 421 (r = 5, the original FNO grid), which would take about 40 minutes for 1100
 * samples on 2 cores; r = 5 is available with {@code --refine 5}. The coefficient is sampled on the
 * solve grid and its every r-th node is stored, as the original data set subsamples {@code coeff}.
 *
 * @param resolution S
 * @param refine     r >= 1
 * @param modes      cosine modes per axis K
 * @param tau        field shift (3)
 * @param alpha      field power (2)
 * @param high       a where the field is >= 0 (12)
 * @param low        a elsewhere (3)
 * @param tolerance  CG relative residual tolerance
 */
public record DarcyConfig(int resolution, int refine, int modes, double tau, double alpha, double high, double low,
        double tolerance) {

    /** Validates. */
    public DarcyConfig {
        if (resolution < 3) {
            throw new IllegalArgumentException("resolution must be >= 3, got " + resolution);
        }
        if (refine < 1) {
            throw new IllegalArgumentException("refine must be >= 1, got " + refine);
        }
        if (modes < 2) {
            throw new IllegalArgumentException("modes must be >= 2, got " + modes);
        }
        if (!(tau > 0) || !(alpha > 0) || !(high > 0) || !(low > 0)) {
            throw new IllegalArgumentException("Darcy needs tau, alpha, high, low > 0; got " + tau + ", " + alpha
                    + ", " + high + ", " + low);
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
        }
    }

    /** The standard setting: S = 85, refinement 2. */
    public static DarcyConfig standard() {
        return of(85, 2);
    }

    /** Defaults: K = min(solve grid, 128) modes per axis (the discarded tail holds about 4e-5 of the field's variance), 12/3, tolerance 1e-10. */
    public static DarcyConfig of(int resolution, int refine) {
        int grid = refine * (resolution - 1) + 1;
        return new DarcyConfig(resolution, refine, Math.min(grid, 128), 3, 2, 12, 3, DarcySolver.DEFAULT_TOLERANCE);
    }

    /** @return points per side of the solve grid */
    public int solverGrid() {
        return refine * (resolution - 1) + 1;
    }

    /** @return the solver (immutable, share it between threads) */
    public DarcySolver solver() {
        return new DarcySolver(solverGrid(), tolerance, 20 * solverGrid() + 200);
    }

    /** @return the piecewise-constant coefficient on the solve grid */
    public double[] coefficient(RandomGenerator rng) {
        int n = solverGrid();
        double[] z = GaussianRandomField.square(n, modes, 1, tau, alpha, rng);
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = z[i] >= 0 ? high : low;
        }
        return a;
    }

    /** @return every r-th node of a solve-grid array: S x S values */
    public double[] subsample(double[] fine) {
        int n = solverGrid();
        int s = resolution;
        double[] out = new double[s * s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                out[i * s + j] = fine[(i * refine) * n + j * refine];
            }
        }
        return out;
    }

    /** @return every parameter that changes the data, canonically formatted (the cache key) */
    public String key() {
        return String.format(Locale.ROOT, "darcy v1 s=%d refine=%d modes=%d tau=%s alpha=%s high=%s low=%s tol=%s",
                resolution, refine, modes, tau, alpha, high, low, tolerance);
    }
}
