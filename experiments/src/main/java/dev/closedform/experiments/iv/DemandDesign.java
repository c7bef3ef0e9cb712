package dev.closedform.experiments.iv;

import dev.closedform.head.DenseMatrix;
import dev.closedform.iv.IvData;
import java.util.List;
import java.util.Random;

/**
 * The demand design of the DFIV paper (docs/iv.md). Draw order, one vector at a time:
 * {@code s ~ U{1..7}}, {@code t ~ U(0,10)}, {@code c ~ N(0,1)}, {@code v ~ N(0,1)}, then the outcome noise
 * {@code e = rho v + sqrt(1 - rho^2) N(0,1)}; all from one {@link Random} seeded with the seed.
 * <pre>
 *   psi(t) = 2((t-5)^4/600 + exp(-4(t-5)^2) + t/10 - 2)
 *   p      = 25 + (c + 3) psi(t) + v
 *   y      = f(p, t, s) + e,   f(p, t, s) = 100 + (10 + p) s psi(t) - 2 p
 * </pre>
 * Treatment p, covariates (t, s), instruments (c, t, s). v enters both p and e, so p is endogenous.
 */
public final class DemandDesign {

    /** Grid sizes: 20 prices x 20 times x 7 emotions. */
    public static final int GRID_POINTS = 20 * 20 * 7;

    private DemandDesign() {
    }

    /** A generated sample, one entry per row. */
    public record Sample(double[] p, double[] t, double[] s, double[] c, double[] y) {
        public int rows() {
            return p.length;
        }

        /** As IV data: treatment p, instruments (c, t, s), covariates (t, s), outcome y. */
        public IvData toIvData() {
            int n = rows();
            DenseMatrix treatment = DenseMatrix.zeros(n, 1);
            DenseMatrix instruments = DenseMatrix.zeros(n, 3);
            DenseMatrix covariates = DenseMatrix.zeros(n, 2);
            for (int i = 0; i < n; i++) {
                treatment.set(i, 0, p[i]);
                instruments.set(i, 0, c[i]);
                instruments.set(i, 1, t[i]);
                instruments.set(i, 2, s[i]);
                covariates.set(i, 0, t[i]);
                covariates.set(i, 1, s[i]);
            }
            return new IvData(treatment, instruments, covariates, y.clone(), List.of("p"), List.of("c", "t", "s"),
                    List.of("t", "s"), "y");
        }
    }

    /** The test grid with the noiseless structural function as {@code y}; {@code c} is zero (unused). */
    public record Grid(double[] p, double[] t, double[] s, double[] f) {
        public DenseMatrix treatment() {
            DenseMatrix m = DenseMatrix.zeros(p.length, 1);
            for (int i = 0; i < p.length; i++) {
                m.set(i, 0, p[i]);
            }
            return m;
        }

        public DenseMatrix covariates() {
            DenseMatrix m = DenseMatrix.zeros(p.length, 2);
            for (int i = 0; i < p.length; i++) {
                m.set(i, 0, t[i]);
                m.set(i, 1, s[i]);
            }
            return m;
        }

        /** Mean squared error of {@code predicted} against the structural function. */
        public double mse(double[] predicted) {
            if (predicted.length != f.length) {
                throw new IllegalArgumentException("expected " + f.length + " predictions, got " + predicted.length);
            }
            double sum = 0;
            for (int i = 0; i < f.length; i++) {
                double e = predicted[i] - f[i];
                sum += e * e;
            }
            return sum / f.length;
        }
    }

    public static double psi(double t) {
        double u = t - 5;
        return 2 * (Math.pow(u, 4) / 600 + Math.exp(-4 * u * u) + t / 10 - 2);
    }

    /** The structural function {@code f(p, t, s) = 100 + (10 + p) s psi(t) - 2 p}. */
    public static double structural(double p, double t, double s) {
        return 100 + (10 + p) * s * psi(t) - 2 * p;
    }

    public static Sample generate(int n, double rho, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (!(rho >= -1 && rho <= 1)) {
            throw new IllegalArgumentException("rho must be in [-1, 1], got " + rho);
        }
        Random random = new Random(seed);
        double[] s = new double[n];
        double[] t = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = 1 + random.nextInt(7);
        }
        for (int i = 0; i < n; i++) {
            t[i] = 10 * random.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            c[i] = random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        double sd = Math.sqrt(1 - rho * rho);
        for (int i = 0; i < n; i++) {
            e[i] = rho * v[i] + sd * random.nextGaussian();
        }
        double[] p = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = 25 + (c[i] + 3) * psi(t[i]) + v[i];
            y[i] = structural(p[i], t[i], s[i]) + e[i];
        }
        return new Sample(p, t, s, c, y);
    }

    /** p in linspace(10, 25, 20) x t in linspace(0, 10, 20) x s in 1..7, p outermost, s innermost. */
    public static Grid grid() {
        double[] p = new double[GRID_POINTS];
        double[] t = new double[GRID_POINTS];
        double[] s = new double[GRID_POINTS];
        double[] f = new double[GRID_POINTS];
        int k = 0;
        for (int i = 0; i < 20; i++) {
            double pi = 10 + 15.0 * i / 19;
            for (int j = 0; j < 20; j++) {
                double tj = 10.0 * j / 19;
                for (int e = 1; e <= 7; e++) {
                    p[k] = pi;
                    t[k] = tj;
                    s[k] = e;
                    f[k] = structural(pi, tj, e);
                    k++;
                }
            }
        }
        return new Grid(p, t, s, f);
    }
}
