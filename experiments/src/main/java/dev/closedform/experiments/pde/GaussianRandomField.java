package dev.closedform.experiments.pde;

import java.util.random.RandomGenerator;

/**
 * Gaussian random fields sampled in the eigenbasis of the Laplacian, with covariance
 * {@code sigma^2 (-Laplacian + tau^2 I)^(-alpha)}.
 *
 * <p><b>Periodic interval</b> [0, 1): eigenfunctions {@code sqrt(2) cos(2 pi k x)},
 * {@code sqrt(2) sin(2 pi k x)} with eigenvalues {@code (2 pi k)^2}, k = 1 .. n/2 - 1. The constant
 * mode (k = 0) is left out, i.e. fields have mean zero, as in the original FNO generator (which
 * fixes the mean); the Nyquist mode is left out so the field is exactly the trigonometric
 * polynomial its n samples represent. Burgers: sigma = 25, tau = 5, alpha = 2, i.e.
 * {@code N(0, 625 (-Laplacian + 25 I)^-2)}.
 *
 * <p><b>Unit square</b>: the Neumann (cosine) series, as the original FNO Darcy generator
 * ({@code idct2} of scaled Gaussian coefficients): eigenfunctions
 * {@code c_k1 c_k2 cos(pi k1 x) cos(pi k2 y)} with {@code c_0 = 1, c_k = sqrt(2)} and eigenvalues
 * {@code pi^2 (k1^2 + k2^2)}, modes {@code 0 <= k1, k2 < K} except (0, 0) (mean zero, as the original). The
 * field is evaluated on the vertex grid {@code x_i = i / (n - 1)} by two dense cosine products.
 * Darcy: tau = 3, alpha = 2, sigma = 1 ({@code N(0, (-Laplacian + 9 I)^-2)}; the original scales by
 * {@code tau^(alpha-1)} = 3, which thresholding at zero does not see).
 */
public final class GaussianRandomField {

    private GaussianRandomField() {}

    /** @return the covariance eigenvalue {@code sigma^2 (mu + tau^2)^(-alpha)} for Laplacian eigenvalue mu */
    public static double eigenvalue(double mu, double sigma, double tau, double alpha) {
        return sigma * sigma * Math.pow(mu + tau * tau, -alpha);
    }

    /**
     * Samples the periodic field at {@code x_j = j / n}.
     *
     * @param n   number of points, a power of two >= 4
     * @param rng source of standard normals
     * @return n values
     */
    public static double[] periodic(int n, double sigma, double tau, double alpha, RandomGenerator rng) {
        int h = n / 2 + 1;
        double[] re = new double[h];
        double[] im = new double[h];
        double scale = n / Math.sqrt(2);
        for (int k = 1; k < n / 2; k++) {
            double s = Math.sqrt(eigenvalue(4 * Math.PI * Math.PI * k * k, sigma, tau, alpha)) * scale;
            re[k] = s * rng.nextGaussian();
            im[k] = -s * rng.nextGaussian();
        }
        double[] u = new double[n];
        Fft.of(n).realInverse(re, im, u);
        return u;
    }

    /** @return the pointwise variance of {@link #periodic} (the same at every point): sum_k 2 lambda_k */
    public static double periodicVariance(int n, double sigma, double tau, double alpha) {
        double v = 0;
        for (int k = 1; k < n / 2; k++) {
            v += 2 * eigenvalue(4 * Math.PI * Math.PI * k * k, sigma, tau, alpha);
        }
        return v;
    }

    /** @return cosine table B[i * K + k] = c_k cos(pi k x_i), x_i = i/(n-1) */
    static double[] cosineTable(int n, int modes) {
        double[] b = new double[n * modes];
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? 0 : (double) i / (n - 1);
            for (int k = 0; k < modes; k++) {
                b[i * modes + k] = (k == 0 ? 1 : Math.sqrt(2)) * Math.cos(Math.PI * k * x);
            }
        }
        return b;
    }

    /**
     * Samples the square field on the n x n vertex grid (row-major, row index = y).
     *
     * @param n     grid points per side (>= 2)
     * @param modes K, cosine modes per axis
     * @param rng   source of standard normals
     * @return n * n values
     */
    public static double[] square(int n, int modes, double sigma, double tau, double alpha, RandomGenerator rng) {
        return square(n, modes, sigma, tau, alpha, rng, cosineTable(n, modes));
    }

    static double[] square(int n, int modes, double sigma, double tau, double alpha, RandomGenerator rng, double[] b) {
        int k = modes;
        double[] coef = new double[k * k];
        for (int k1 = 0; k1 < k; k1++) {
            for (int k2 = 0; k2 < k; k2++) {
                double g = rng.nextGaussian();
                if (k1 == 0 && k2 == 0) {
                    continue;
                }
                double mu = Math.PI * Math.PI * (k1 * k1 + k2 * k2);
                coef[k1 * k + k2] = Math.sqrt(eigenvalue(mu, sigma, tau, alpha)) * g;
            }
        }
        // t[k1][j] = sum_k2 coef[k1][k2] b[j][k2]
        double[] t = new double[k * n];
        for (int k1 = 0; k1 < k; k1++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                int cb = k1 * k;
                int bb = j * k;
                for (int k2 = 0; k2 < k; k2++) {
                    s += coef[cb + k2] * b[bb + k2];
                }
                t[k1 * n + j] = s;
            }
        }
        // z[i][j] = sum_k1 b[i][k1] t[k1][j]
        double[] z = new double[n * n];
        for (int i = 0; i < n; i++) {
            int zi = i * n;
            for (int k1 = 0; k1 < k; k1++) {
                double w = b[i * k + k1];
                int tb = k1 * n;
                for (int j = 0; j < n; j++) {
                    z[zi + j] += w * t[tb + j];
                }
            }
        }
        return z;
    }

    /** @return the variance of {@link #square} at grid point (i, j) (row i = y, column j = x) */
    public static double squareVariance(int n, int modes, double sigma, double tau, double alpha, int i, int j) {
        double[] b = cosineTable(n, modes);
        double v = 0;
        for (int k1 = 0; k1 < modes; k1++) {
            for (int k2 = 0; k2 < modes; k2++) {
                if (k1 == 0 && k2 == 0) {
                    continue;
                }
                double phi = b[i * modes + k1] * b[j * modes + k2];
                v += eigenvalue(Math.PI * Math.PI * (k1 * k1 + k2 * k2), sigma, tau, alpha) * phi * phi;
            }
        }
        return v;
    }
}
