package dev.closedform.experiments.pde;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Radix-2 fast Fourier transforms in double precision: complex transforms of power-of-two length,
 * real-input wrappers (half spectrum) in one and two dimensions.
 *
 * <p>Conventions (NumPy's): forward {@code X_k = sum_j x_j exp(-2 pi i j k / n)} (unnormalised),
 * inverse {@code x_j = (1/n) sum_k X_k exp(+2 pi i j k / n)}. A plan holds the twiddle and
 * bit-reversal tables of one length; it is immutable, so one plan can serve many threads
 * ({@link #of(int)} caches them). All transforms work in caller-provided arrays.
 */
public final class Fft {

    private static final ConcurrentHashMap<Integer, Fft> PLANS = new ConcurrentHashMap<>();

    private final int n;
    private final double[] cos;
    private final double[] sin;
    private final int[] reverse;

    private Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
        }
        this.n = n;
        cos = new double[Math.max(1, n / 2)];
        sin = new double[Math.max(1, n / 2)];
        for (int j = 0; j < n / 2; j++) {
            double t = 2 * Math.PI * j / n;
            cos[j] = Math.cos(t);
            sin[j] = Math.sin(t);
        }
        reverse = new int[n];
        int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) {
            reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
    }

    /**
     * @param n transform length, a power of two
     * @return the (cached, thread-safe) plan for length {@code n}
     */
    public static Fft of(int n) {
        return PLANS.computeIfAbsent(n, Fft::new);
    }

    /** @return the transform length */
    public int length() {
        return n;
    }

    /**
     * In-place complex transform of {@code re[off..off+n)}, {@code im[off..off+n)}.
     *
     * @param inverse false: forward (unnormalised); true: inverse (scaled by 1/n)
     */
    public void complex(double[] re, double[] im, int off, boolean inverse) {
        for (int i = 0; i < n; i++) {
            int j = reverse[i];
            if (j > i) {
                double t = re[off + i];
                re[off + i] = re[off + j];
                re[off + j] = t;
                t = im[off + i];
                im[off + i] = im[off + j];
                im[off + j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int i = off; i < off + n; i += len) {
                for (int j = 0; j < half; j++) {
                    double wr = cos[j * step];
                    double wi = sign * sin[j * step];
                    int a = i + j;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
        if (inverse) {
            double s = 1.0 / n;
            for (int i = off; i < off + n; i++) {
                re[i] *= s;
                im[i] *= s;
            }
        }
    }

    /** In-place complex transform of whole arrays of length n. */
    public void complex(double[] re, double[] im, boolean inverse) {
        complex(re, im, 0, inverse);
    }

    /**
     * Real forward transform of length {@code n} (this plan's length, n >= 2) via one complex
     * transform of length n/2.
     *
     * @param x  n real samples (not modified)
     * @param re output real parts of X_0..X_{n/2}, length >= n/2 + 1
     * @param im output imaginary parts, length >= n/2 + 1
     */
    public void realForward(double[] x, double[] re, double[] im) {
        int m = n / 2;
        if (m == 0) {
            throw new IllegalArgumentException("real FFT needs length >= 2");
        }
        Fft half = of(m);
        for (int j = 0; j < m; j++) {
            re[j] = x[2 * j];
            im[j] = x[2 * j + 1];
        }
        half.complex(re, im, 0, false);
        double z0r = re[0];
        double z0i = im[0];
        re[0] = z0r + z0i;
        im[0] = 0;
        re[m] = z0r - z0i;
        im[m] = 0;
        for (int k = 1; k <= m / 2; k++) {
            int q = m - k;
            double ar = re[k], ai = im[k], br = re[q], bi = im[q];
            // E = (Z_k + conj Z_q)/2, O = (Z_k - conj Z_q)/(2i)
            double er = 0.5 * (ar + br);
            double ei = 0.5 * (ai - bi);
            double or = 0.5 * (ai + bi);
            double oi = -0.5 * (ar - br);
            double wr = cos[k];
            double wi = -sin[k];
            double tr = wr * or - wi * oi;
            double ti = wr * oi + wi * or;
            re[k] = er + tr;
            im[k] = ei + ti;
            // X_{m-k} = conj(E - W^k O)
            re[q] = er - tr;
            im[q] = -(ei - ti);
        }
    }

    /**
     * Real inverse transform: the inverse of {@link #realForward} (imaginary parts of X_0 and X_{n/2}
     * are ignored). {@code re} and {@code im} are overwritten.
     *
     * @param re real parts of X_0..X_{n/2}
     * @param im imaginary parts
     * @param x  output, n real samples
     */
    public void realInverse(double[] re, double[] im, double[] x) {
        int m = n / 2;
        double x0 = re[0];
        double xm = re[m];
        for (int k = 1; k <= m / 2; k++) {
            int q = m - k;
            double ar = re[k], ai = im[k], br = re[q], bi = -im[q]; // b = conj X_q
            double er = 0.5 * (ar + br);
            double ei = 0.5 * (ai + bi);
            double dr = 0.5 * (ar - br);
            double di = 0.5 * (ai - bi);
            // O = D / W^k = D * conj(W^k), W^k = cos - i sin
            double wr = cos[k];
            double wi = sin[k];
            double or = dr * wr - di * wi;
            double oi = dr * wi + di * wr;
            // Z_k = E + i O
            double zkr = er - oi;
            double zki = ei + or;
            // Z_q: E_q = conj E, O_q = conj O
            double zqr = er + oi;
            double zqi = -ei + or;
            re[k] = zkr;
            im[k] = zki;
            re[q] = zqr;
            im[q] = zqi;
        }
        re[0] = 0.5 * (x0 + xm);
        im[0] = 0.5 * (x0 - xm);
        of(m).complex(re, im, 0, true);
        for (int j = 0; j < m; j++) {
            x[2 * j] = re[j];
            x[2 * j + 1] = im[j];
        }
    }

    /**
     * Two-dimensional complex transform of a row-major {@code rows x cols} array, in place.
     *
     * @param inverse true for the inverse (scaled by 1/(rows cols))
     */
    public static void complex2d(double[] re, double[] im, int rows, int cols, boolean inverse) {
        Fft r = of(cols);
        for (int i = 0; i < rows; i++) {
            r.complex(re, im, i * cols, inverse);
        }
        Fft c = of(rows);
        double[] tr = new double[rows];
        double[] ti = new double[rows];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                tr[i] = re[i * cols + j];
                ti[i] = im[i * cols + j];
            }
            c.complex(tr, ti, 0, inverse);
            for (int i = 0; i < rows; i++) {
                re[i * cols + j] = tr[i];
                im[i * cols + j] = ti[i];
            }
        }
    }

    /**
     * Two-dimensional real forward transform of a row-major {@code rows x cols} real array: the
     * half spectrum {@code rows x (cols/2 + 1)}, row-major, like {@code numpy.fft.rfft2}.
     *
     * @param x  real input (not modified)
     * @param re output real parts, length rows (cols/2+1)
     * @param im output imaginary parts
     */
    public static void realForward2d(double[] x, int rows, int cols, double[] re, double[] im) {
        int h = cols / 2 + 1;
        Fft r = of(cols);
        double[] row = new double[cols];
        double[] hr = new double[h];
        double[] hi = new double[h];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, i * cols, row, 0, cols);
            r.realForward(row, hr, hi);
            System.arraycopy(hr, 0, re, i * h, h);
            System.arraycopy(hi, 0, im, i * h, h);
        }
        columns(re, im, rows, h, false);
    }

    /**
     * Inverse of {@link #realForward2d}; {@code re} and {@code im} are overwritten.
     *
     * @param x output, rows x cols real values
     */
    public static void realInverse2d(double[] re, double[] im, int rows, int cols, double[] x) {
        int h = cols / 2 + 1;
        columns(re, im, rows, h, true);
        Fft r = of(cols);
        double[] row = new double[cols];
        double[] hr = new double[h];
        double[] hi = new double[h];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(re, i * h, hr, 0, h);
            System.arraycopy(im, i * h, hi, 0, h);
            r.realInverse(hr, hi, row);
            System.arraycopy(row, 0, x, i * cols, cols);
        }
    }

    private static void columns(double[] re, double[] im, int rows, int h, boolean inverse) {
        Fft c = of(rows);
        double[] tr = new double[rows];
        double[] ti = new double[rows];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < rows; i++) {
                tr[i] = re[i * h + j];
                ti[i] = im[i * h + j];
            }
            c.complex(tr, ti, 0, inverse);
            for (int i = 0; i < rows; i++) {
                re[i * h + j] = tr[i];
                im[i * h + j] = ti[i];
            }
        }
    }
}
