package dev.closedform.iv;

import dev.closedform.head.Cholesky;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.RecursiveRidge;

/**
 * The stage-1 solve as the stage-2 loss sees it: {@code V^T = M psi(X1) + C}, affine in the treatment features of
 * the stage-1 batch, with constants computed in double from the instrument features (which stage 2 does not train).
 * Autograd then differentiates only the product {@code M psi(X1)}, never an inverse (see {@link DfivTrainer}).
 * <ul>
 *   <li>Proximal: {@code A = Phi1^T Phi1 / b + lambda P + beta I}, {@code M = A^{-1} Phi1^T / b},
 *       {@code C = A^{-1} lambda P Vprev^T}; P = I, or diag(Phi1^T Phi1 / b) (the scaled proximal metric).</li>
 *   <li>Recursive (cf-rls): {@code A = (g S_past + Phi1^T Phi1 / b) / w + beta I}, {@code M = A^{-1} Phi1^T / (b w)},
 *       {@code C = A^{-1} g R_past^T / w} (see {@link RecursiveRidge}).</li>
 * </ul>
 *
 * @param m {@code d1 x b} (d1 instrument features with the constant, b stage-1 rows)
 * @param c {@code d1 x k} (k treatment features), or null when nothing pulls (lambda 0, no anchor or no past yet)
 */
record Stage1Map(DenseMatrix m, DenseMatrix c) {

    /** @param phi1 instrument features of the batch with the constant column; @param anchor Vprev (null: none) */
    static Stage1Map proximal(DenseMatrix phi1, double lambda, boolean scaled, double beta, DenseMatrix anchor) {
        int b = phi1.rows();
        DenseMatrix gram = phi1.transpose().times(phi1).scale(1.0 / b);
        DenseMatrix a = gram.copy();
        double[] pull = new double[gram.rows()];
        for (int j = 0; j < pull.length; j++) {
            pull[j] = lambda * (scaled ? gram.get(j, j) : 1.0);
            a.set(j, j, a.get(j, j) + pull[j] + beta);
        }
        DenseMatrix pulled = null;
        if (lambda > 0 && anchor != null) {
            pulled = anchor.transpose(); // rows scaled by the pull: lambda P Vprev^T
            for (int j = 0; j < pull.length; j++) {
                for (int r = 0; r < pulled.cols(); r++) {
                    pulled.set(j, r, pull[j] * pulled.get(j, r));
                }
            }
        }
        return of(a, phi1, 1.0 / b, pulled);
    }

    /** @param phi1 instrument features of the batch with the constant column */
    static Stage1Map recursive(DenseMatrix phi1, RecursiveRidge pooled, double beta) {
        int b = phi1.rows();
        DenseMatrix a = pooled.normalMatrix(phi1.transpose().times(phi1).scale(1.0 / b), beta);
        DenseMatrix pastCross = pooled.pastCross();
        return of(a, phi1, 1.0 / (b * pooled.weightWithCurrent()), pastCross == null ? null : pastCross.transpose());
    }

    private static Stage1Map of(DenseMatrix a, DenseMatrix phi1, double rowScale, DenseMatrix past) {
        Cholesky chol = Cholesky.factor(a);
        return new Stage1Map(chol.solve(phi1.transpose()).scale(rowScale), past == null ? null : chol.solve(past));
    }
}
