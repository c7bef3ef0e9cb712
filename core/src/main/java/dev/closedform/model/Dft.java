package dev.closedform.model;

/**
 * Truncated discrete Fourier transforms as dense real matrices (row-major), the building blocks of
 * {@link FnoBlock}'s spectral convolution. Complex vectors are stored as [real parts; imaginary parts].
 */
final class Dft {

    private Dft() {}

    /** (2m, n): rows k < m give Re rfft_k = sum_x cos(2 pi k x / n) v_x, rows m + k give Im rfft_k. */
    static double[] realForward(int n, int m) {
        checkReal(n, m);
        double[] d = new double[2 * m * n];
        for (int k = 0; k < m; k++) {
            for (int x = 0; x < n; x++) {
                double theta = 2 * Math.PI * (((long) k * x) % n) / n;
                d[k * n + x] = Math.cos(theta);
                d[(m + k) * n + x] = -Math.sin(theta);
            }
        }
        return d;
    }

    /**
     * (n, 2m): irfft of a spectrum whose modes m and above are zero. As {@code irfft}, the imaginary
     * parts of the zero mode (and of the Nyquist mode when m = n/2 + 1) are ignored.
     */
    static double[] realInverse(int n, int m) {
        checkReal(n, m);
        double[] d = new double[n * 2 * m];
        for (int x = 0; x < n; x++) {
            for (int k = 0; k < m; k++) {
                double weight = (k == 0 || 2 * k == n) ? 1.0 / n : 2.0 / n;
                double theta = 2 * Math.PI * (((long) k * x) % n) / n;
                d[x * 2 * m + k] = weight * Math.cos(theta);
                d[x * 2 * m + m + k] = (k == 0 || 2 * k == n) ? 0 : -weight * Math.sin(theta);
            }
        }
        return d;
    }

    /** The 2m kept frequencies of a complex transform of length n: 0..m-1 then n-m..n-1. */
    static int[] cornerFrequencies(int n, int m) {
        if (m < 1 || 2 * m > n) {
            throw new IllegalArgumentException("need 1 <= modes <= n/2, got modes " + m + " for n = " + n);
        }
        int[] f = new int[2 * m];
        for (int i = 0; i < m; i++) {
            f[i] = i;
            f[m + i] = n - m + i;
        }
        return f;
    }

    /** (2K, 2n) with K = 2m corner frequencies: [re; im] of fft at those frequencies from [re; im] input. */
    static double[] complexForward(int n, int m) {
        int[] f = cornerFrequencies(n, m);
        int kk = f.length;
        double[] d = new double[2 * kk * 2 * n];
        int cols = 2 * n;
        for (int k = 0; k < kk; k++) {
            for (int x = 0; x < n; x++) {
                double theta = 2 * Math.PI * (((long) f[k] * x) % n) / n;
                double c = Math.cos(theta);
                double s = Math.sin(theta);
                d[k * cols + x] = c;          // re <- re
                d[k * cols + n + x] = s;      // re <- im
                d[(kk + k) * cols + x] = -s;  // im <- re
                d[(kk + k) * cols + n + x] = c; // im <- im
            }
        }
        return d;
    }

    /** (2n, 2K): inverse fft (with 1/n) of a spectrum that is zero outside the 2m corner frequencies. */
    static double[] complexInverse(int n, int m) {
        int[] f = cornerFrequencies(n, m);
        int kk = f.length;
        int cols = 2 * kk;
        double[] d = new double[2 * n * cols];
        for (int x = 0; x < n; x++) {
            for (int k = 0; k < kk; k++) {
                double theta = 2 * Math.PI * (((long) f[k] * x) % n) / n;
                double c = Math.cos(theta) / n;
                double s = Math.sin(theta) / n;
                d[x * cols + k] = c;
                d[x * cols + kk + k] = -s;
                d[(n + x) * cols + k] = s;
                d[(n + x) * cols + kk + k] = c;
            }
        }
        return d;
    }

    private static void checkReal(int n, int m) {
        if (m < 1 || m > n / 2 + 1) {
            throw new IllegalArgumentException("need 1 <= modes <= n/2 + 1, got modes " + m + " for n = " + n);
        }
    }
}
