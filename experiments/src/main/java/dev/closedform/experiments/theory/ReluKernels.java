package dev.closedform.experiments.theory;

/**
 * The infinite-width kernels of a ReLU layer with standard Gaussian weights, {@code a ~ N(0, I)}, in
 * float64 (the arc-cosine kernels of degree 0 and 1):
 * <pre>
 *   K1(u, v) = E[relu(a.u) relu(a.v)] = |u| |v| (sin t + (pi - t) cos t) / (2 pi)
 *   K0(u, v) = E[relu'(a.u) relu'(a.v)] = (pi - t) / (2 pi),      t = angle(u, v)
 * </pre>
 * For {@code f(x) = W relu(A x) / sqrt(m)} with {@code A ~ N(0, 1)} and readout entries of variance
 * {@code s2}, the neural tangent kernel at infinite width is {@code K1 + s2 (u.v) K0}: {@code K1} is
 * the readout's block (the Gram of the features), {@code (u.v) K0} the hidden layer's.
 */
public final class ReluKernels {

    private ReluKernels() {}

    /** {@code E[relu(a.u) relu(a.v)]}; 0 when either vector is zero. */
    public static double k1(double[] u, double[] v) {
        double nu = norm(u);
        double nv = norm(v);
        if (nu == 0 || nv == 0) {
            return 0;
        }
        double t = angle(u, v, nu, nv);
        return nu * nv * (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI);
    }

    /**
     * {@code E[relu'(a.u) relu'(a.v)]} with {@code relu'(0) = 0} (the engine's convention), so 0 when
     * either vector is zero.
     */
    public static double k0(double[] u, double[] v) {
        double nu = norm(u);
        double nv = norm(v);
        if (nu == 0 || nv == 0) {
            return 0;
        }
        return (Math.PI - angle(u, v, nu, nv)) / (2 * Math.PI);
    }

    /** The hidden layer's block of the tangent kernel for readout variance {@code s2}: {@code s2 (u.v) K0(u, v)}. */
    public static double hiddenBlock(double[] u, double[] v, double s2) {
        return s2 * dot(u, v) * k0(u, v);
    }

    /** The full tangent kernel {@code K1 + s2 (u.v) K0} of both layers. */
    public static double ntk(double[] u, double[] v, double s2) {
        return k1(u, v) + hiddenBlock(u, v, s2);
    }

    /** One of the kernels above, as a function of two inputs. */
    @FunctionalInterface
    public interface Kernel {
        double apply(double[] u, double[] v);
    }

    /** {@code k(rows[i], cols[j])} for every pair. */
    public static double[][] matrix(Kernel k, double[][] rows, double[][] cols) {
        double[][] out = new double[rows.length][cols.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols.length; j++) {
                out[i][j] = k.apply(rows[i], cols[j]);
            }
        }
        return out;
    }

    /**
     * The angle between u and v as {@code 2 atan2(|u' - v'|, |u' + v'|)} of the unit vectors: accurate
     * near 0 and pi, where {@code acos} of the cosine loses half the digits.
     */
    static double angle(double[] u, double[] v, double nu, double nv) {
        double minus = 0;
        double plus = 0;
        for (int i = 0; i < u.length; i++) {
            double a = u[i] / nu;
            double b = v[i] / nv;
            minus += (a - b) * (a - b);
            plus += (a + b) * (a + b);
        }
        return 2 * Math.atan2(Math.sqrt(minus), Math.sqrt(plus));
    }

    static double dot(double[] u, double[] v) {
        if (u.length != v.length) {
            throw new IllegalArgumentException("vectors of different lengths: " + u.length + " and " + v.length);
        }
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    static double norm(double[] u) {
        return Math.sqrt(dot(u, u));
    }
}
