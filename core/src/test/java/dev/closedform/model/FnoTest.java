package dev.closedform.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.DoubleBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FnoTest {

    @Test
    void standardParameterCountsMatchTheOriginalFno() {
        // original fourier_1d.py: fc0 2*64+64, 4 x (spectral 64*64*16*2 + conv1d 64*64+64), fc1 64*128+128, fc2 128+1
        long oneD = (2 * 64 + 64) + 4L * (64 * 64 * 16 * 2 + 64 * 64 + 64) + (64 * 128 + 128) + (128 + 1);
        // fourier_2d.py: fc0 3*32+32, 4 x (2 corners x 32*32*12*12*2 + conv2d 32*32+32), fc1 32*128+128, fc2 128+1
        long twoD = (3 * 32 + 32) + 4L * (2 * 32 * 32 * 12 * 12 * 2 + 32 * 32 + 32) + (32 * 128 + 128) + (128 + 1);
        assertEquals(549_569, oneD);
        assertEquals(2_368_001, twoD);
        try (LastLayerModel m = new LastLayerModel(FnoConfig.standard1d(1024).backbone(), 1, true, 1)) {
            assertEquals(549_569, m.parameterCount());
            assertEquals(128, m.backbone().featureDim());
            assertEquals(1024, m.backbone().pointsPerSample());
        }
        try (LastLayerModel m = new LastLayerModel(FnoConfig.standard2d(85).backbone(), 1, true, 1)) {
            assertEquals(2_368_001, m.parameterCount());
            assertEquals(85 * 85, m.backbone().pointsPerSample());
        }
    }

    @Test
    void dftMatricesEqualTheEnginesFft() {
        int n = 12;
        int m = 5;
        Random r = new Random(3);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        try (NDManager nd = NDManager.newBaseManager()) {
            // rfft: real and imaginary parts of the kept modes
            double[] ri = nd.create(v).rfft(n, 0).real().toDoubleArray(); // (n/2+1, 2)
            double[] fwd = Dft.realForward(n, m);
            for (int k = 0; k < m; k++) {
                assertEquals(ri[2 * k], dot(fwd, k * n, v), 1e-12, "re " + k);
                assertEquals(ri[2 * k + 1], dot(fwd, (m + k) * n, v), 1e-12, "im " + k);
            }
            // irfft of a truncated spectrum (imaginary part of mode 0 must be ignored)
            double[] spec = new double[2 * m];
            for (int i = 0; i < spec.length; i++) {
                spec[i] = r.nextGaussian();
            }
            double[] full = new double[(n / 2 + 1) * 2];
            for (int k = 0; k < m; k++) {
                full[2 * k] = spec[k];
                full[2 * k + 1] = spec[m + k];
            }
            NDArray c = nd.create(full, new Shape(n / 2 + 1, 2)).complex();
            double[] back = c.irfft(n, 0).toDoubleArray();
            double[] inv = Dft.realInverse(n, m);
            for (int x = 0; x < n; x++) {
                assertEquals(back[x], dot(inv, x * 2 * m, spec), 1e-12, "x " + x);
            }
            // complex transforms at the corner frequencies
            int mc = 3;
            double[] z = new double[2 * n];
            for (int i = 0; i < z.length; i++) {
                z[i] = r.nextGaussian();
            }
            double[] interleaved = new double[2 * n];
            for (int x = 0; x < n; x++) {
                interleaved[2 * x] = z[x];
                interleaved[2 * x + 1] = z[n + x];
            }
            double[] fz = nd.create(interleaved, new Shape(n, 2)).complex().fft(n, 0).real().toDoubleArray();
            double[] cf = Dft.complexForward(n, mc);
            int[] f = Dft.cornerFrequencies(n, mc);
            for (int k = 0; k < f.length; k++) {
                assertEquals(fz[2 * f[k]], dot(cf, k * 2 * n, z), 1e-12);
                assertEquals(fz[2 * f[k] + 1], dot(cf, (f.length + k) * 2 * n, z), 1e-12);
            }
            double[] sparse = new double[2 * n];
            double[] kept = new double[2 * f.length];
            for (int k = 0; k < f.length; k++) {
                kept[k] = r.nextGaussian();
                kept[f.length + k] = r.nextGaussian();
                sparse[2 * f[k]] = kept[k];
                sparse[2 * f[k] + 1] = kept[f.length + k];
            }
            double[] iz = nd.create(sparse, new Shape(n, 2)).complex().ifft(n, 0).real().toDoubleArray();
            double[] ci = Dft.complexInverse(n, mc);
            for (int x = 0; x < n; x++) {
                assertEquals(iz[2 * x], dot(ci, x * 2 * f.length, kept), 1e-12);
                assertEquals(iz[2 * x + 1], dot(ci, (n + x) * 2 * f.length, kept), 1e-12);
            }
        }
    }

    private static double dot(double[] matrix, int offset, double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += matrix[offset + i] * v[i];
        }
        return s;
    }

    @Test
    void spectralGradientsMatchFiniteDifferences1d() {
        checkGradients(FnoConfig.oneD(8, 3, 3, 2, 4));
    }

    @Test
    void spectralGradientsMatchFiniteDifferences2d() {
        checkGradients(FnoConfig.twoD(5, 2, 2, 2, 3, 2));
    }

    /** d/dtheta sum(features * R) by autograd against central differences, float64, every spectral weight of layer 0. */
    private static void checkGradients(FnoConfig config) {
        Engine.getInstance().setRandomSeed(11);
        FnoBlock block = new FnoBlock(config);
        try (NDManager nd = NDManager.newBaseManager()) {
            block.initialize(nd, DataType.FLOAT64, new Shape(1, config.points()));
            ParameterStore ps = new ParameterStore(nd, false);
            Random r = new Random(5);
            int batch = 2;
            double[] xs = new double[batch * config.points()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = r.nextGaussian();
            }
            double[] rs = new double[batch * config.points() * config.projection()];
            for (int i = 0; i < rs.length; i++) {
                rs[i] = r.nextGaussian();
            }
            NDArray x = nd.create(xs, new Shape(batch, config.points()));
            NDArray weights = nd.create(rs, new Shape((long) batch * config.points(), config.projection()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) { // one backward: gradients accumulate
                NDArray out = block.forward(ps, new NDList(x), true).singletonOrThrow();
                gc.backward(out.mul(weights).sum());
            }
            int checked = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (!p.getKey().startsWith("spectral0") && !p.getKey().equals("lift.weight")) {
                    continue;
                }
                NDArray w = p.getValue().getArray();
                assertEquals(DataType.FLOAT64, w.getDataType());
                double[] grad = w.getGradient().toDoubleArray();
                double[] base = w.toDoubleArray();
                double eps = 1e-6;
                for (int i = 0; i < base.length; i++) {
                    double[] plus = base.clone();
                    plus[i] += eps;
                    w.set(DoubleBuffer.wrap(plus));
                    double fp = objective(block, ps, x, weights);
                    double[] minus = base.clone();
                    minus[i] -= eps;
                    w.set(DoubleBuffer.wrap(minus));
                    double fm = objective(block, ps, x, weights);
                    w.set(DoubleBuffer.wrap(base));
                    double fd = (fp - fm) / (2 * eps);
                    assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), p.getKey() + "[" + i + "]");
                    checked++;
                }
            }
            assertTrue(checked > 20, "checked " + checked);
        }
    }

    private static double objective(FnoBlock block, ParameterStore ps, NDArray x, NDArray weights) {
        try (NDManager step = x.getManager().newSubManager()) {
            NDArray out = block.forward(ps, new NDList(x), false).singletonOrThrow();
            double v = out.mul(weights).sum().getDouble();
            out.close();
            return v;
        }
    }
}
