package dev.closedform.iv;

import dev.closedform.head.DenseMatrix;
import java.util.List;
import java.util.Random;

/** A linear IV model with an endogenous treatment: x = 1 + z1 + 0.5 z2 + 0.3 w + v, y = f(x, w) + 0.8 v + 0.6 e. */
final class IvTestData {
    private IvTestData() {
    }

    static double structural(double x, double w) {
        return 2 + 3 * x - w + 0.5 * x * w;
    }

    static IvData generate(int n, long seed) {
        Random r = new Random(seed);
        DenseMatrix x = DenseMatrix.zeros(n, 1);
        DenseMatrix z = DenseMatrix.zeros(n, 3);
        DenseMatrix w = DenseMatrix.zeros(n, 1);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z1 = r.nextGaussian();
            double z2 = r.nextGaussian();
            double wi = r.nextGaussian();
            double v = r.nextGaussian();
            double xi = 1 + z1 + 0.5 * z2 + 0.3 * wi + v;
            x.set(i, 0, xi);
            z.set(i, 0, z1);
            z.set(i, 1, z2);
            z.set(i, 2, wi);
            w.set(i, 0, wi);
            y[i] = structural(xi, wi) + 0.8 * v + 0.6 * r.nextGaussian();
        }
        return new IvData(x, z, w, y, List.of("x"), List.of("z1", "z2", "w"), List.of("w"), "y");
    }
}
