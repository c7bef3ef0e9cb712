package dev.closedform.experiments.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.closedform.data.RegressionData;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.ProximalSolver;
import dev.closedform.model.LastLayerModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The DJL network the wide-network experiment trains is the architecture whose kernels are computed:
 * its autograd tangent kernel matches the hand formula, and its closed-form head is kernel ridge
 * regression with its own empirical kernel.
 */
class NtkBackboneTest {

    private static final int D = 3;

    @Test
    void autogradTangentKernelMatchesTheFormulaAndTheBlockRatio() {
        int m = 64;
        int p = 4;
        float[] x = gaussian(new Random(11), p * D);
        try (LastLayerModel model = new LastLayerModel(NtkBackbone.build(D, m), 1, false, 5);
             NDManager manager = NDManager.newBaseManager()) {
            DenseMatrix w = DenseMatrix.of(1, m, toDoubles(gaussian(new Random(12), m)));
            model.setHead(w);
            NDArray a = model.trainableBackboneParameters().values().iterator().next();
            assertEquals(new Shape(m, D), a.getShape());
            double[][] jacobian = new double[p][];
            double[][] features = new double[p][];
            for (int i = 0; i < p; i++) {
                NDArray xi = manager.create(x, new Shape(p, D)).get(new NDIndex(i + ":" + (i + 1)));
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray phi = model.features(xi, true);
                    features[i] = toDoubles(phi.toFloatArray());
                    c.backward(model.predict(phi).sum());
                }
                try (NDArray g = a.getGradient()) {
                    jacobian[i] = toDoubles(g.toFloatArray());
                    g.muli(0);
                }
            }
            double[] weights = toDoubles(a.toFloatArray());
            double hidden = 0;
            double readout = 0;
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double autograd = ReluKernels.dot(jacobian[i], jacobian[j]);
                    double formula = 0;
                    for (int k = 0; k < m; k++) {
                        if (pre(weights, k, x, i) > 0 && pre(weights, k, x, j) > 0) {
                            formula += w.get(0, k) * w.get(0, k);
                        }
                    }
                    formula *= dotRows(x, i, j) / m;
                    assertEquals(formula, autograd, 1e-5 * (1 + Math.abs(formula)), "hidden block " + i + "," + j);
                    double r = ReluKernels.dot(features[i], features[j]);
                    hidden += autograd * autograd;
                    readout += r * r;
                }
            }
            RegressionData rows = new RegressionData(x, new float[p], List.of("a", "b", "c"), List.of("y"));
            double ratio = NtkExperiment.hiddenBlockRatio(model, rows);
            assertEquals(Math.sqrt(hidden / readout), ratio, 1e-5 * ratio);
        }
    }

    @Test
    void closedFormHeadIsKernelRidgeRegressionWithTheEmpiricalKernel() {
        int m = 256;
        int n = 20;
        int t = 5;
        double beta = 0.05;
        Random random = new Random(21);
        float[] xTrain = gaussian(random, n * D);
        float[] yTrain = gaussian(random, n);
        float[] xTest = gaussian(random, t * D);
        try (LastLayerModel model = new LastLayerModel(NtkBackbone.build(D, m), 1, false, 3);
             NDManager manager = NDManager.newBaseManager()) {
            NDArray phiTrain = model.features(manager.create(xTrain, new Shape(n, D)), false);
            NDArray phiTest = model.features(manager.create(xTest, new Shape(t, D)), false);
            DenseMatrix w = ProximalSolver.ridge(phiTrain, manager.create(yTrain, new Shape(n, 1)), beta); // dual form: n < d
            double[][] ft = rows(phiTrain.toFloatArray(), n, m);
            double[][] fs = rows(phiTest.toFloatArray(), t, m);
            double[] krr = KernelRidge.predict(gram(ft, ft), gram(fs, ft), toDoubles(yTrain), beta);
            for (int i = 0; i < t; i++) {
                double net = ReluKernels.dot(w.data(), fs[i]);
                assertEquals(krr[i], net, 1e-9 * (1 + Math.abs(krr[i])), "test point " + i);
            }
            assertTrue(ReluKernels.norm(krr) > 0.1, "predictions are trivially zero");
        }
    }

    private static double pre(double[] a, int k, float[] x, int i) {
        double s = 0;
        for (int j = 0; j < D; j++) {
            s += a[k * D + j] * x[i * D + j];
        }
        return s;
    }

    private static double dotRows(float[] x, int i, int j) {
        double s = 0;
        for (int c = 0; c < D; c++) {
            s += (double) x[i * D + c] * x[j * D + c];
        }
        return s;
    }

    private static double[][] gram(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = ReluKernels.dot(a[i], b[j]);
            }
        }
        return out;
    }

    private static double[][] rows(float[] v, int r, int c) {
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i][j] = v[i * c + j];
            }
        }
        return out;
    }

    static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
