package dev.closedform.experiments.theory;

import dev.closedform.head.Cholesky;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.ProximalSolver;

/**
 * The head's objective for fixed features, in float64 ({@code Phi} holds the features as rows here, n x d):
 * <pre>
 *   L(W) = (1/n) sum_i ||y_i - W phi_i||^2 + beta ||W||^2 = tr(W H W^T) - 2 tr(W C^T) + (1/n) ||Y||^2,
 *   H = Phi^T Phi / n + beta I,   C = Y^T Phi / n,   W* = C H^{-1},
 *   L(W) - L(W*) = tr[(W - W*) H (W - W*)^T].
 * </pre>
 * {@link #loss} sums over the rows directly, so comparing it with {@link #excess} checks the identity
 * rather than restating it.
 */
final class HeadObjective {

    private final DenseMatrix phi;
    private final DenseMatrix y;
    private final double beta;
    private DenseMatrix h;
    private DenseMatrix c;
    private Cholesky factor;

    HeadObjective(DenseMatrix phi, DenseMatrix y, double beta) {
        if (phi.rows() != y.rows() || phi.rows() == 0) {
            throw new IllegalArgumentException("features " + phi.shape() + " and targets " + y.shape() + " need the same, positive number of rows");
        }
        this.phi = phi;
        this.y = y;
        this.beta = beta;
    }

    /** Forms H and C on first use: {@link #loss} alone does not need them. */
    private void statistics() {
        if (h == null) {
            double invN = 1.0 / phi.rows();
            h = phi.transpose().times(phi).scale(invN).addToDiagonalInPlace(beta);
            c = y.transpose().times(phi).scale(invN);
        }
    }

    /** {@code (1/n) sum_i ||y_i - W phi_i||^2 + beta ||W||^2}, row by row. */
    double loss(DenseMatrix w) {
        return ProximalSolver.loss(w, phi, y, beta);
    }

    /** {@code W* = C H^{-1}}, the exact minimiser. */
    DenseMatrix minimiser() {
        Cholesky f = factor();
        return f.solveRight(c);
    }

    /** The proximal minimiser {@code (C + lambda Wprev) (H + lambda I)^{-1}}. */
    DenseMatrix proximalMinimiser(double lambda, DenseMatrix previous) {
        statistics();
        DenseMatrix a = h.copy().addToDiagonalInPlace(lambda);
        return Cholesky.factor(a).solveRight(c.copy().addInPlace(lambda, previous));
    }

    /** {@code tr[(W - W*) H (W - W*)^T]}. */
    double excess(DenseMatrix w, DenseMatrix wStar) {
        statistics();
        DenseMatrix delta = w.copy().addInPlace(-1, wStar);
        DenseMatrix dh = delta.times(h);
        double s = 0;
        double[] a = dh.data();
        double[] b = delta.data();
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code dL/dW = 2 (W H - C)}. */
    DenseMatrix gradient(DenseMatrix w) {
        statistics();
        return w.times(h).addInPlace(-1, c).scale(2);
    }

    private Cholesky factor() {
        statistics();
        if (factor == null) {
            factor = Cholesky.factor(h);
        }
        return factor;
    }
}
