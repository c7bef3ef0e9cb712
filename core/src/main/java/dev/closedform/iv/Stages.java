package dev.closedform.iv;

import dev.closedform.head.Cholesky;
import dev.closedform.head.DenseMatrix;

/** The two closed-form linear stages of DFIV in double precision on the JVM. */
public final class Stages {
    private Stages() {
    }

    /** {@code [m, 1]}: appends a constant column (the stage's own intercept). */
    public static DenseMatrix withOnes(DenseMatrix m) {
        DenseMatrix out = DenseMatrix.zeros(m.rows(), m.cols() + 1);
        for (int i = 0; i < m.rows(); i++) {
            System.arraycopy(m.data(), i * m.cols(), out.data(), i * (m.cols() + 1), m.cols());
            out.set(i, m.cols(), 1.0);
        }
        return out;
    }

    /** Row-wise outer product: row i of the result is {@code vec(a_i b_i^T)}, index {@code j * q + k}. */
    public static DenseMatrix rowOuter(DenseMatrix a, DenseMatrix b) {
        if (a.rows() != b.rows()) {
            throw new IllegalArgumentException("row counts differ: " + a.shape() + " vs " + b.shape());
        }
        int p = a.cols();
        int q = b.cols();
        DenseMatrix out = DenseMatrix.zeros(a.rows(), p * q);
        double[] o = out.data();
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < p; j++) {
                double aij = a.get(i, j);
                for (int k = 0; k < q; k++) {
                    o[i * p * q + j * q + k] = aij * b.get(i, k);
                }
            }
        }
        return out;
    }

    /** Stage-2 features {@code [psi, 1] (x) [cov, 1]}; {@code cov} may be null (no covariates): then {@code [psi, 1]}. */
    public static DenseMatrix stage2Features(DenseMatrix psi, DenseMatrix cov) {
        DenseMatrix c = cov == null ? DenseMatrix.zeros(psi.rows(), 0) : cov;
        return rowOuter(withOnes(psi), withOnes(c));
    }

    /**
     * {@code argmin_W (1/n) ||Y - Phi W^T||^2 + lambda ||W - prev||^2 + beta ||W||^2} = (Y^T Phi / n + lambda prev)
     * (Phi^T Phi / n + (lambda + beta) I)^{-1}; W is o x d.
     */
    public static DenseMatrix solve(DenseMatrix phi, DenseMatrix y, double lambda, double beta, DenseMatrix prev) {
        int n = phi.rows();
        DenseMatrix phiT = phi.transpose();
        DenseMatrix a = phiT.times(phi).scale(1.0 / n).addToDiagonalInPlace(lambda + beta);
        DenseMatrix b = y.transpose().times(phi).scale(1.0 / n);
        if (lambda != 0) {
            b.addInPlace(lambda, prev);
        }
        return Cholesky.factor(a).solveRight(b);
    }

    /** {@code rows x W^T}. */
    public static DenseMatrix apply(DenseMatrix rows, DenseMatrix w) {
        return rows.times(w.transpose());
    }

    /** A column vector (n x 1) holding {@code v}. */
    public static DenseMatrix column(double[] v) {
        return DenseMatrix.of(v.length, 1, v);
    }
}
