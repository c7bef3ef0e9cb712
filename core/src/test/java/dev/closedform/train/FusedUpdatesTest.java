package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optimisers' updates, fused (libtorch's multi-tensor kernels) and element-wise, against the
 * textbook formulas evaluated in float64 from the same float32 state, one step at a time over
 * several steps with random gradients.
 *
 * <p>Tolerance, per element (u = 2^-24, the float32 unit roundoff): a float32 evaluation of
 * {@code a x + b y} with rounded coefficients is within a few u of {@code |a x| + |b y|} (the sum may
 * cancel, the terms do not), and of {@code x + w (y - x)} (the fused kernel's form of the moment
 * update) within a few u of {@code |x| + |y|}; 8 u of {@code |m| + |g|} covers both. The second moment
 * has no cancellation: 8 u of {@code |v| + g^2}. The parameter step {@code d = lr m_hat / (sqrt(v_hat) + eps)}
 * inherits those errors (the moment's absolutely, scaled by {@code lr / ((1 - beta1^t) D)}; the second
 * moment's relatively and halved by the square root) plus about six roundings of its own, and the final
 * subtraction one rounding of the result; the bound adds these with a factor 2 to spare. A wrong formula
 * (no bias correction, a wrong moment coefficient) misses it by orders of magnitude.
 */
class FusedUpdatesTest {

    private static final double U = Math.ulp(1.0f) / 2;
    private static final long[][] SHAPES = {{7, 5}, {5}, {1}, {33, 3}};
    private static final double LR = 0.01;
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    /** Large enough to matter against sqrt(v_hat), so a misplaced epsilon shows. */
    private static final double EPS = 1e-3;

    /** float64 copies of the float32 state of one tensor, before and after a step. */
    private record State(double[] p, double[] g, double[] m, double[] v) {}

    @Test
    void theFusedKernelsAreAvailableOnThisEngine() {
        assertNotNull(FusedUpdates.get(), "the PyTorch engine must provide the fused updates, or the fast path is never tested");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void adamIsTextbookAdamWithBiasCorrection(boolean fusedPath) {
        Random random = new Random(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray> params = parameters(manager, random);
            AdamOptimizer adam = new AdamOptimizer(LR, B1, B2, EPS, params, fusedPath ? FusedUpdates.get() : null);
            List<NDArray> state = adam.state();
            for (int t = 1; t <= 6; t++) {
                List<double[]> gradients = setGradients(params, random, t == 3 ? 1e-3 : 1.0); // a small gradient once: eps dominates
                List<State> before = new ArrayList<>();
                for (int i = 0; i < params.size(); i++) {
                    before.add(new State(doubles(params.get(i)), gradients.get(i), doubles(state.get(2 * i)), doubles(state.get(2 * i + 1))));
                }
                try (NDScope ignored = new NDScope()) {
                    adam.update(params);
                }
                double c1 = 1 - Math.pow(B1, t);
                double c2 = 1 - Math.pow(B2, t);
                for (int i = 0; i < params.size(); i++) {
                    State s = before.get(i);
                    double[] p = doubles(params.get(i));
                    double[] m = doubles(state.get(2 * i));
                    double[] v = doubles(state.get(2 * i + 1));
                    for (int k = 0; k < p.length; k++) {
                        double g = s.g[k];
                        double mRef = B1 * s.m[k] + (1 - B1) * g;
                        double vRef = B2 * s.v[k] + (1 - B2) * g * g;
                        double denom = Math.sqrt(vRef / c2) + EPS;
                        double step = LR * (mRef / c1) / denom;
                        double pRef = s.p[k] - step;
                        double tolM = 8 * U * (Math.abs(s.m[k]) + Math.abs(g));
                        double tolV = 8 * U * (s.v[k] + g * g);
                        double tolP = 2 * (U * Math.abs(pRef) + LR / (c1 * denom) * tolM
                                + Math.abs(step) * (tolV / (2 * vRef) + 6 * U));
                        String where = "step " + t + ", tensor " + i + ", element " + k;
                        assertEquals(mRef, m[k], tolM, "first moment, " + where);
                        assertEquals(vRef, v[k], tolV, "second moment, " + where);
                        assertEquals(pRef, p[k], tolP, "parameter, " + where);
                    }
                    assertEquals(0.0, maxAbs(params.get(i).getGradient()), 0.0, "the update zeroes the gradient");
                }
            }
            assertEquals(6, adam.updates());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fused-momentum", "elementwise-momentum", "fused-plain", "elementwise-plain"})
    void sgdIsTheHeavyBallFormula(String variant) {
        boolean fusedPath = variant.startsWith("fused");
        double mu = variant.endsWith("momentum") ? 0.9 : 0;
        Random random = new Random(12);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray> params = parameters(manager, random);
            SgdOptimizer sgd = new SgdOptimizer(LR, mu, params, fusedPath ? FusedUpdates.get() : null);
            assertEquals(mu > 0 ? params.size() : 0, sgd.state().size());
            for (int t = 1; t <= 4; t++) {
                List<double[]> gradients = setGradients(params, random, 1.0);
                List<double[]> p0 = new ArrayList<>();
                List<double[]> v0 = new ArrayList<>();
                for (int i = 0; i < params.size(); i++) {
                    p0.add(doubles(params.get(i)));
                    v0.add(mu > 0 ? doubles(sgd.state().get(i)) : new double[p0.get(i).length]);
                }
                try (NDScope ignored = new NDScope()) {
                    sgd.update(params);
                }
                for (int i = 0; i < params.size(); i++) {
                    double[] p = doubles(params.get(i));
                    double[] v = mu > 0 ? doubles(sgd.state().get(i)) : null;
                    for (int k = 0; k < p.length; k++) {
                        double g = gradients.get(i)[k];
                        double vRef = mu * v0.get(i)[k] + g;
                        double pRef = p0.get(i)[k] - LR * vRef;
                        double tolV = 4 * U * (Math.abs(mu * v0.get(i)[k]) + Math.abs(g));
                        double tolP = 2 * (U * Math.abs(pRef) + LR * (tolV + 2 * U * Math.abs(vRef)));
                        String where = "step " + t + ", tensor " + i + ", element " + k;
                        if (v != null) {
                            assertEquals(vRef, v[k], tolV, "velocity, " + where);
                        }
                        assertEquals(pRef, p[k], tolP, "parameter, " + where);
                    }
                    assertEquals(0.0, maxAbs(params.get(i).getGradient()), 0.0, "the update zeroes the gradient");
                }
            }
        }
    }

    /** A resumed run restores the step count; the fused bias correction must use it (step 10 here, not 1). */
    @Test
    void fusedAdamTakesItsBiasCorrectionFromTheRestoredStepCount() {
        Random random = new Random(13);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = parameters(manager, random).get(0);
            double[] before = doubles(p);
            AdamOptimizer adam = new AdamOptimizer(LR, B1, B2, EPS, List.of(p), FusedUpdates.get());
            adam.setUpdates(9); // as after restoring step 9 (here with zero moments)
            double[] g = setGradient(p, random, 1.0);
            try (NDScope ignored = new NDScope()) {
                adam.update(List.of(p));
            }
            double[] after = doubles(p);
            int t = 10;
            for (int k = 0; k < g.length; k++) {
                double mHat = (1 - B1) * g[k] / (1 - Math.pow(B1, t));
                double vHat = (1 - B2) * g[k] * g[k] / (1 - Math.pow(B2, t));
                double step = LR * mHat / (Math.sqrt(vHat) + EPS); // about 0.48 lr; step 1 would give lr
                // the parameter's own float32 rounding, plus the kernel's on the step
                assertEquals(step, before[k] - after[k], 2 * U * (Math.abs(before[k]) + Math.abs(after[k])) + 16 * U * Math.abs(step),
                        "element " + k);
            }
        }
    }

    /** A schedule's learning-rate scale reaches the fused kernels: scale 0.5 is exactly the step of half the rate. */
    @ParameterizedTest
    @ValueSource(strings = {"adam", "momentum", "sgd"})
    void aLearningRateScaleIsTheScaledRate(String kind) {
        Random random = new Random(14);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray> a = parameters(manager, random);
            List<NDArray> b = new ArrayList<>();
            for (NDArray p : a) {
                NDArray copy = p.duplicate();
                copy.setRequiresGradient(true);
                b.add(copy);
            }
            GradientOptimizer scaled = optimizer(kind, LR, a);
            GradientOptimizer halved = optimizer(kind, LR / 2, b);
            scaled.setLearningRateScale(0.5);
            for (int t = 0; t < 3; t++) {
                for (int i = 0; i < a.size(); i++) {
                    float[] g = gaussian(random, (int) a.get(i).size(), 1.0);
                    setGradient(a.get(i), g);
                    setGradient(b.get(i), g);
                }
                try (NDScope ignored = new NDScope()) {
                    scaled.update(a);
                    halved.update(b);
                }
            }
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(b.get(i).toFloatArray(), a.get(i).toFloatArray(), 0f, kind + ", tensor " + i);
            }
        }
    }

    private static GradientOptimizer optimizer(String kind, double lr, List<NDArray> params) {
        return switch (kind) {
            case "adam" -> new AdamOptimizer(lr, B1, B2, EPS, params, FusedUpdates.get());
            case "momentum" -> new SgdOptimizer(lr, 0.9, params, FusedUpdates.get());
            default -> new SgdOptimizer(lr, 0, params, FusedUpdates.get());
        };
    }

    private static List<NDArray> parameters(NDManager manager, Random random) {
        List<NDArray> params = new ArrayList<>();
        for (long[] shape : SHAPES) {
            NDArray p = manager.create(gaussian(random, (int) new Shape(shape).size(), 1.0), new Shape(shape));
            p.setRequiresGradient(true);
            params.add(p);
        }
        return params;
    }

    /** Gradients of {@code sum_i <p_i, G_i>}: exactly the random G_i; returned in float64. */
    private static List<double[]> setGradients(List<NDArray> params, Random random, double scale) {
        List<double[]> out = new ArrayList<>();
        for (NDArray p : params) {
            out.add(setGradient(p, random, scale));
        }
        return out;
    }

    private static double[] setGradient(NDArray p, Random random, double scale) {
        return setGradient(p, gaussian(random, (int) p.size(), scale));
    }

    private static double[] setGradient(NDArray p, float[] g) {
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray target = p.getManager().create(g, p.getShape());
            collector.backward(p.mul(target).sum());
        }
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            d[i] = g[i];
        }
        return d;
    }

    private static float[] gaussian(Random random, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (scale * random.nextGaussian());
        }
        return out;
    }

    private static double[] doubles(NDArray a) {
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static double maxAbs(NDArray a) {
        double max = 0;
        for (float f : a.toFloatArray()) {
            max = Math.max(max, Math.abs(f));
        }
        return max;
    }
}
