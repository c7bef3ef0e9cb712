package dev.closedform.head;

/**
 * One proximal Newton step on the last layer for softmax cross-entropy (an IRLS step with the
 * proximal term), in float64 on the JVM. With class probabilities {@code p_i} (rows summing to 1),
 * logits {@code W phi_i} and {@code pi_i = softmax(W phi_i)}:
 * <pre>
 *   F(W)     = (1/n) sum_i [logsumexp(W phi_i) - p_i . W phi_i] + lambda ||W - Wprev||^2 + beta ||W||^2
 *   grad F   = (1/n) sum_i (pi_i - p_i) phi_i^T + 2 lambda (W - Wprev) + 2 beta W
 *   H[V]     = (1/n) sum_i (diag(pi_i) - pi_i pi_i^T) V phi_i phi_i^T + 2 (lambda + beta) V
 *   W_t      = Wprev - H^{-1} grad F,   H and grad at W = Wprev
 * </pre>
 * The Hessian is an (o d) x (o d) operator; it is never formed: the step solves {@code H[D] = -grad} by
 * conjugate gradients with these Hessian-vector products (each O(n d o)), to a relative residual of
 * {@link #CG_TOLERANCE}. The softmax part is singular along adding one vector to every class row, so
 * {@code lambda + beta > 0} is required. The squared loss needs no iteration because its Newton step is
 * the closed form; for cross-entropy one step is the closest analogue of "re-solve, pulled towards the
 * previous weights".
 */
public final class ProximalNewton {

    /** Relative residual {@code ||H D + g|| / ||g||} at which conjugate gradients stop. */
    public static final double CG_TOLERANCE = 1e-10;

    private ProximalNewton() {}

    /**
     * The Newton step from {@code previous} (or from zero when it is null, then without the proximal term).
     *
     * @param phi n x d features, probabilities n x o (rows summing to 1)
     */
    public static DenseMatrix step(DenseMatrix phi, DenseMatrix probabilities, DenseMatrix previous, double lambda, double beta) {
        int o = probabilities.cols();
        int d = phi.cols();
        check(phi, probabilities, previous, lambda, beta);
        DenseMatrix start = previous == null ? DenseMatrix.zeros(o, d) : previous;
        double pull = previous == null ? 0 : lambda;
        if (!(pull + beta > 0)) {
            throw new IllegalArgumentException("cf-newton needs lambda + beta > 0 (the softmax Hessian is singular along equal"
                    + " shifts of every class), got lambda=" + pull + ", beta=" + beta);
        }
        DenseMatrix pi = softmax(phi, start);
        DenseMatrix g = gradient(phi, probabilities, pi, start, start, pull, beta);
        DenseMatrix delta = conjugateGradient(phi, pi, pull + beta, g.scale(-1));
        return start.copy().addInPlace(1, delta);
    }

    /** {@code F(W)} around {@code previous} (null: no proximal term). */
    public static double objective(DenseMatrix w, DenseMatrix phi, DenseMatrix probabilities, DenseMatrix previous,
                                   double lambda, double beta) {
        check(phi, probabilities, previous, lambda, beta);
        int n = phi.rows();
        int o = w.rows();
        DenseMatrix logits = phi.times(w.transpose());
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < o; r++) {
                max = Math.max(max, logits.get(i, r));
            }
            double z = 0;
            double target = 0;
            for (int r = 0; r < o; r++) {
                z += Math.exp(logits.get(i, r) - max);
                target += probabilities.get(i, r) * logits.get(i, r);
            }
            sum += max + Math.log(z) - target;
        }
        double norm = w.frobeniusNorm();
        double value = sum / n + beta * norm * norm;
        if (previous != null && lambda != 0) {
            double dist = w.copy().addInPlace(-1, previous).frobeniusNorm();
            value += lambda * dist * dist;
        }
        return value;
    }

    /** {@code grad F(W)}, o x d. */
    public static DenseMatrix gradient(DenseMatrix w, DenseMatrix phi, DenseMatrix probabilities, DenseMatrix previous,
                                       double lambda, double beta) {
        check(phi, probabilities, previous, lambda, beta);
        return gradient(phi, probabilities, softmax(phi, w), w, previous, previous == null ? 0 : lambda, beta);
    }

    /** {@code H[V]}: the Hessian of {@code F} at {@code w} applied to {@code v} (o x d). */
    public static DenseMatrix hessianTimes(DenseMatrix w, DenseMatrix phi, double lambda, double beta, DenseMatrix v) {
        return hessianTimes(phi, softmax(phi, w), lambda + beta, v);
    }

    private static DenseMatrix gradient(DenseMatrix phi, DenseMatrix probabilities, DenseMatrix pi, DenseMatrix w,
                                        DenseMatrix previous, double lambda, double beta) {
        int n = phi.rows();
        DenseMatrix residual = pi.copy().addInPlace(-1, probabilities); // n x o
        DenseMatrix g = residual.transpose().times(phi).scale(1.0 / n);
        g.addInPlace(2 * beta, w);
        if (previous != null && lambda != 0) {
            g.addInPlace(2 * lambda, w).addInPlace(-2 * lambda, previous);
        }
        return g;
    }

    private static DenseMatrix hessianTimes(DenseMatrix phi, DenseMatrix pi, double penalty, DenseMatrix v) {
        int n = phi.rows();
        int o = pi.cols();
        DenseMatrix u = phi.times(v.transpose()); // n x o: V phi_i
        double[] ud = u.data();
        double[] pd = pi.data();
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int r = 0; r < o; r++) {
                dot += pd[i * o + r] * ud[i * o + r];
            }
            for (int r = 0; r < o; r++) {
                ud[i * o + r] = pd[i * o + r] * (ud[i * o + r] - dot); // (diag(pi) - pi pi^T) V phi_i
            }
        }
        return u.transpose().times(phi).scale(1.0 / n).addInPlace(2 * penalty, v);
    }

    /** Solves {@code H[X] = b} by conjugate gradients in the Frobenius inner product. */
    private static DenseMatrix conjugateGradient(DenseMatrix phi, DenseMatrix pi, double penalty, DenseMatrix b) {
        DenseMatrix x = DenseMatrix.zeros(b.rows(), b.cols());
        DenseMatrix r = b.copy();
        DenseMatrix p = r.copy();
        double rr = dot(r, r);
        double stop = CG_TOLERANCE * CG_TOLERANCE * rr;
        int maxIterations = Math.max(50, b.rows() * b.cols());
        for (int it = 0; it < maxIterations && rr > stop; it++) {
            DenseMatrix hp = hessianTimes(phi, pi, penalty, p);
            double alpha = rr / dot(p, hp);
            x.addInPlace(alpha, p);
            r.addInPlace(-alpha, hp);
            double next = dot(r, r);
            p = r.copy().addInPlace(next / rr, p);
            rr = next;
        }
        return x;
    }

    private static DenseMatrix softmax(DenseMatrix phi, DenseMatrix w) {
        DenseMatrix logits = phi.times(w.transpose());
        int n = logits.rows();
        int o = logits.cols();
        double[] l = logits.data();
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < o; r++) {
                max = Math.max(max, l[i * o + r]);
            }
            double z = 0;
            for (int r = 0; r < o; r++) {
                l[i * o + r] = Math.exp(l[i * o + r] - max);
                z += l[i * o + r];
            }
            for (int r = 0; r < o; r++) {
                l[i * o + r] /= z;
            }
        }
        return logits;
    }

    private static double dot(DenseMatrix a, DenseMatrix b) {
        double s = 0;
        double[] x = a.data();
        double[] y = b.data();
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static void check(DenseMatrix phi, DenseMatrix probabilities, DenseMatrix previous, double lambda, double beta) {
        if (phi.rows() != probabilities.rows() || phi.rows() == 0) {
            throw new IllegalArgumentException("features " + phi.shape() + " and probabilities " + probabilities.shape()
                    + " need the same, non-zero number of rows");
        }
        if (previous != null && (previous.rows() != probabilities.cols() || previous.cols() != phi.cols())) {
            throw new IllegalArgumentException("previous weights are " + previous.shape() + " but must be o x d = "
                    + probabilities.cols() + "x" + phi.cols());
        }
        if (!(lambda >= 0) || !(beta >= 0) || !Double.isFinite(lambda + beta)) {
            throw new IllegalArgumentException("lambda and beta must be finite and >= 0, got lambda=" + lambda + ", beta=" + beta);
        }
    }
}
