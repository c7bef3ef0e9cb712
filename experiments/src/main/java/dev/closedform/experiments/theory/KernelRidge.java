package dev.closedform.experiments.theory;

import dev.closedform.head.Cholesky;
import dev.closedform.head.DenseMatrix;

/**
 * Kernel ridge regression in float64 with the mean data term of the closed-form head:
 * minimising {@code (1/n) sum_i (y_i - f(x_i))^2 + beta ||f||^2} over the kernel's function space gives
 * {@code f(x) = k(x, X) (K + n beta I)^{-1} y}.
 */
public final class KernelRidge {

    private KernelRidge() {}

    /**
     * Predictions at the test inputs.
     *
     * @param train  K(X, X), n x n
     * @param cross  K(X_test, X), t x n
     * @param y      n training targets (one output)
     * @param beta   ridge on the mean-loss scale ({@code n beta} is added to the diagonal)
     */
    public static double[] predict(double[][] train, double[][] cross, double[] y, double beta) {
        int n = y.length;
        if (train.length != n || cross.length == 0 || cross[0].length != n) {
            throw new IllegalArgumentException("kernel shapes do not match " + n + " training targets");
        }
        if (!(beta > 0)) {
            throw new IllegalArgumentException("beta must be > 0 for kernel ridge regression, got " + beta);
        }
        DenseMatrix k = DenseMatrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k.set(i, j, train[i][j]);
            }
            k.set(i, i, train[i][i] + n * beta);
        }
        double[] c = Cholesky.factor(k).solveRight(DenseMatrix.of(1, n, y)).data();
        double[] out = new double[cross.length];
        for (int t = 0; t < cross.length; t++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += cross[t][i] * c[i];
            }
            out[t] = s;
        }
        return out;
    }
}
