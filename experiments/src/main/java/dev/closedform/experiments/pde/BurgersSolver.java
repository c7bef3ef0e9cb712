package dev.closedform.experiments.pde;

/**
 * Viscous Burgers equation {@code u_t + (u^2/2)_x = nu u_xx} on the periodic interval [0, 1),
 * pseudo-spectral in space (N Fourier points, 2/3-rule de-aliasing of the quadratic term) and
 * fourth-order exponential time differencing (ETDRK4, Cox and Matthews, with the contour-integral
 * evaluation of the phi-functions of Kassam and Trefethen, 32 points). The diffusion is integrated
 * exactly, so the step is limited by accuracy of the advection term only, not by stiffness.
 *
 * <p>An instance holds the coefficients of one (N, nu, T, steps) and is immutable and thread-safe;
 * {@link #solve} allocates its own work arrays.
 */
public final class BurgersSolver {

    private static final int CONTOUR = 32;

    private final int n;
    private final double nu;
    private final double finalTime;
    private final int steps;
    private final int half;
    private final int cutoff;
    private final double[] e;
    private final double[] e2;
    private final double[] q;
    private final double[] f1;
    private final double[] f2;
    private final double[] f3;
    private final double[] kHalf; // -kappa/2 (N(v) = i * kHalf * FFT(u^2))

    /**
     * @param n         spectral grid size (power of two, >= 8)
     * @param nu        viscosity (> 0)
     * @param finalTime T (> 0)
     * @param steps     number of equal time steps to T (>= 1)
     */
    public BurgersSolver(int n, double nu, double finalTime, int steps) {
        if (n < 8 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("Burgers grid must be a power of two >= 8, got " + n);
        }
        if (!(nu > 0) || !(finalTime > 0) || steps < 1) {
            throw new IllegalArgumentException("Burgers needs nu > 0, final time > 0, steps >= 1; got nu=" + nu
                    + ", T=" + finalTime + ", steps=" + steps);
        }
        this.n = n;
        this.nu = nu;
        this.finalTime = finalTime;
        this.steps = steps;
        half = n / 2 + 1;
        cutoff = n / 3; // modes m <= n/3 kept (2/3 rule)
        double h = finalTime / steps;
        e = new double[half];
        e2 = new double[half];
        q = new double[half];
        f1 = new double[half];
        f2 = new double[half];
        f3 = new double[half];
        kHalf = new double[half];
        for (int m = 0; m < half; m++) {
            double kappa = 2 * Math.PI * m;
            double l = -nu * kappa * kappa;
            kHalf[m] = -0.5 * kappa;
            e[m] = Math.exp(h * l);
            e2[m] = Math.exp(h * l / 2);
            double[] c = coefficients(h * l);
            q[m] = h * c[0];
            f1[m] = h * c[1];
            f2[m] = h * c[2];
            f3[m] = h * c[3];
        }
    }

    /**
     * Mean over a contour around z (real) of (e^{z/2}-1)/z and the three ETDRK4 weights, by
     * Kassam-Trefethen: points z + exp(i pi (j - 1/2)/M) on the upper half circle, real part of the mean.
     */
    static double[] coefficients(double z0) {
        double[] s = new double[4];
        for (int j = 1; j <= CONTOUR; j++) {
            double t = Math.PI * (j - 0.5) / CONTOUR;
            double zr = z0 + Math.cos(t);
            double zi = Math.sin(t);
            // e^z and e^{z/2}
            double ex = Math.exp(zr);
            double er = ex * Math.cos(zi);
            double ei = ex * Math.sin(zi);
            double hx = Math.exp(zr / 2);
            double hr = hx * Math.cos(zi / 2) - 1;
            double hi = hx * Math.sin(zi / 2);
            // 1/z, 1/z^3
            double d = zr * zr + zi * zi;
            double ir = zr / d;
            double ii = -zi / d;
            double i2r = ir * ir - ii * ii;
            double i2i = 2 * ir * ii;
            double i3r = i2r * ir - i2i * ii;
            double i3i = i2r * ii + i2i * ir;
            double z2r = zr * zr - zi * zi;
            double z2i = 2 * zr * zi;
            // (e^{z/2} - 1)/z
            s[0] += hr * ir - hi * ii;
            // -4 - z + e^z (4 - 3z + z^2)
            double pr = 4 - 3 * zr + z2r;
            double pi = -3 * zi + z2i;
            double ar = -4 - zr + (er * pr - ei * pi);
            double ai = -zi + (er * pi + ei * pr);
            s[1] += ar * i3r - ai * i3i;
            // 2 + z + e^z (z - 2)
            pr = zr - 2;
            pi = zi;
            ar = 2 + zr + (er * pr - ei * pi);
            ai = zi + (er * pi + ei * pr);
            s[2] += ar * i3r - ai * i3i;
            // -4 - 3z - z^2 + e^z (4 - z)
            pr = 4 - zr;
            pi = -zi;
            ar = -4 - 3 * zr - z2r + (er * pr - ei * pi);
            ai = -3 * zi - z2i + (er * pi + ei * pr);
            s[3] += ar * i3r - ai * i3i;
        }
        for (int i = 0; i < 4; i++) {
            s[i] /= CONTOUR;
        }
        return s;
    }

    /** @return the spectral grid size N */
    public int gridSize() {
        return n;
    }

    /** @return the number of time steps */
    public int steps() {
        return steps;
    }

    /** @return viscosity */
    public double nu() {
        return nu;
    }

    /** @return final time */
    public double finalTime() {
        return finalTime;
    }

    /**
     * Solves from {@code u0} sampled at {@code x_j = j/S} (S a power of two dividing N, and u0 a
     * trigonometric polynomial of degree below S/2, e.g. from {@link GaussianRandomField#periodic})
     * to time T and returns u(., T) at the same S points. u0 is interpolated spectrally onto the N grid
     * (exact for such u0); its modes above N/3 would be removed by the de-aliasing, so use N >= 3S/2.
     */
    public double[] solve(double[] u0) {
        int s = u0.length;
        if (s > n || n % s != 0 || Integer.bitCount(s) != 1 || s < 2) {
            throw new IllegalArgumentException("initial condition of " + s + " points does not divide the grid of " + n);
        }
        double[] vr = new double[half];
        double[] vi = new double[half];
        {
            int sh = s / 2 + 1;
            double[] r = new double[sh];
            double[] i = new double[sh];
            Fft.of(s).realForward(u0, r, i);
            double scale = (double) n / s;
            for (int m = 0; m < sh && m <= cutoff; m++) {
                // the Nyquist mode of the coarse grid is split between +-S/2 on the fine grid
                double w = (m == s / 2 && s < n) ? 0.5 : 1.0;
                vr[m] = r[m] * scale * w;
                vi[m] = (m == s / 2 && s < n) ? 0 : i[m] * scale;
            }
        }
        Work w = new Work();
        double[] nvr = new double[half], nvi = new double[half];
        double[] ar = new double[half], ai = new double[half];
        double[] nar = new double[half], nai = new double[half];
        double[] br = new double[half], bi = new double[half];
        double[] nbr = new double[half], nbi = new double[half];
        double[] cr = new double[half], ci = new double[half];
        double[] ncr = new double[half], nci = new double[half];
        for (int step = 0; step < steps; step++) {
            nonlinear(vr, vi, nvr, nvi, w);
            for (int m = 0; m < half; m++) {
                ar[m] = e2[m] * vr[m] + q[m] * nvr[m];
                ai[m] = e2[m] * vi[m] + q[m] * nvi[m];
            }
            nonlinear(ar, ai, nar, nai, w);
            for (int m = 0; m < half; m++) {
                br[m] = e2[m] * vr[m] + q[m] * nar[m];
                bi[m] = e2[m] * vi[m] + q[m] * nai[m];
            }
            nonlinear(br, bi, nbr, nbi, w);
            for (int m = 0; m < half; m++) {
                cr[m] = e2[m] * ar[m] + q[m] * (2 * nbr[m] - nvr[m]);
                ci[m] = e2[m] * ai[m] + q[m] * (2 * nbi[m] - nvi[m]);
            }
            nonlinear(cr, ci, ncr, nci, w);
            for (int m = 0; m < half; m++) {
                vr[m] = e[m] * vr[m] + nvr[m] * f1[m] + 2 * (nar[m] + nbr[m]) * f2[m] + ncr[m] * f3[m];
                vi[m] = e[m] * vi[m] + nvi[m] * f1[m] + 2 * (nai[m] + nbi[m]) * f2[m] + nci[m] * f3[m];
            }
        }
        double[] u = new double[n];
        Fft.of(n).realInverse(vr, vi, u);
        int stride = n / s;
        double[] out = new double[s];
        for (int j = 0; j < s; j++) {
            out[j] = u[j * stride];
        }
        return out;
    }

    private final class Work {
        final double[] re = new double[half];
        final double[] im = new double[half];
        final double[] u = new double[n];
    }

    /** out = -(i kappa / 2) FFT(u^2), de-aliased (modes above N/3 zeroed). */
    private void nonlinear(double[] vr, double[] vi, double[] outR, double[] outI, Work w) {
        System.arraycopy(vr, 0, w.re, 0, half);
        System.arraycopy(vi, 0, w.im, 0, half);
        for (int m = cutoff + 1; m < half; m++) {
            w.re[m] = 0;
            w.im[m] = 0;
        }
        Fft plan = Fft.of(n);
        plan.realInverse(w.re, w.im, w.u);
        for (int j = 0; j < n; j++) {
            w.u[j] *= w.u[j];
        }
        plan.realForward(w.u, w.re, w.im);
        for (int m = 0; m <= cutoff; m++) {
            // i * k * (a + ib) = -k b + i k a
            outR[m] = -kHalf[m] * w.im[m];
            outI[m] = kHalf[m] * w.re[m];
        }
        for (int m = cutoff + 1; m < half; m++) {
            outR[m] = 0;
            outI[m] = 0;
        }
    }
}
