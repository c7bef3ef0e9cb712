package dev.closedform.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.closedform.head.DenseMatrix;
import dev.closedform.head.ProximalSolver;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The envelope theorem (docs/methods.md): grad_A L*(A) equals grad_A L(W, A) at W = W*(A) held constant. Backbone
 * phi_A(x) = [tanh(x A), 1] in float64; the autograd gradient with W frozen is compared with central
 * finite differences of L*(A) = min_W L(W, A), re-solving W at every perturbed A with an independent
 * Gaussian-elimination solve.
 */
class EnvelopeTheoremTest {

    private static final int P = 3;
    private static final int H = 4;
    private static final int O = 2;

    @ParameterizedTest(name = "n={0} lambda={1} beta={2}")
    @CsvSource({
        "20, 0.0, 0.1",   // ridge, primal path
        "3, 0.0, 0.1",    // ridge, n < d: dual path
        "20, 0.7, 0.05",  // proximal, W_prev fixed
        "3, 0.7, 0.05",   // proximal, dual path
    })
    void frozenHeadGradientEqualsTotalDerivative(int n, double lambda, double beta) {
        Random rnd = new Random(1000 + n);
        double[][] x = gaussian(rnd, n, P);
        double[][] y = gaussian(rnd, n, O);
        double[][] a = gaussian(rnd, P, H);
        for (double[] row : a) {
            for (int j = 0; j < H; j++) {
                row[j] *= 0.7;
            }
        }
        double[][] prev = lambda == 0 ? null : gaussian(rnd, O, H + 1);

        double[][] autograd;
        double[][] offOptimum;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xs = m.create(flat(x), new Shape(n, P));
            NDArray ys = m.create(flat(y), new Shape(n, O));
            NDArray as = m.create(flat(a), new Shape(P, H));
            // W*(A) by the code under test, on features computed without a graph
            DenseMatrix prevM = prev == null ? null : DenseMatrix.of(O, H + 1, flat(prev));
            DenseMatrix wStar = ProximalSolver.solve(features(xs, as), ys, lambda, beta, prevM);
            double[][] wRef = Ref.prox(phi(x, a), y, lambda, beta, prev);
            assertTrue(Ref.relDiff(wStar, wRef) < 1e-10, "solver vs reference W*: " + Ref.relDiff(wStar, wRef));
            autograd = frozenGradient(m, xs, ys, as, wStar, lambda, beta, prevM);
            // negative control: at a W that is not the minimiser the frozen gradient is not dL*/dA
            DenseMatrix shifted = wStar.copy();
            shifted.set(0, 0, shifted.get(0, 0) + 0.3);
            offOptimum = frozenGradient(m, xs, ys, as, shifted, lambda, beta, prevM);
        }

        double[][] fd = new double[P][H];
        double h = 1e-5;
        for (int i = 0; i < P; i++) {
            for (int j = 0; j < H; j++) {
                double keep = a[i][j];
                a[i][j] = keep + h;
                double up = optimalLoss(x, y, a, lambda, beta, prev);
                a[i][j] = keep - h;
                double down = optimalLoss(x, y, a, lambda, beta, prev);
                a[i][j] = keep;
                fd[i][j] = (up - down) / (2 * h);
            }
        }
        double err = relativeError(autograd, fd);
        assertTrue(err < 1e-6, "envelope identity violated: relative error " + err);
        assertTrue(relativeError(offOptimum, fd) > 1e-3, "the check cannot tell W* from another W");
    }

    /** grad_A of L^prox(W, A) with W constant (no gradient through the solve). */
    private static double[][] frozenGradient(NDManager m, NDArray xs, NDArray ys, NDArray as, DenseMatrix w,
                                             double lambda, double beta, DenseMatrix prev) {
        NDArray a = as.duplicate();
        a.setRequiresGradient(true);
        NDArray wt = m.create(w.transpose().data(), new Shape(w.cols(), w.rows()));
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray f = features(xs, a);
            NDArray loss = f.matMul(wt).sub(ys).square().sum().div(xs.getShape().get(0));
            // the regularisers do not depend on A; added anyway so the loss is the full objective
            double reg = beta * w.frobeniusNorm() * w.frobeniusNorm();
            if (prev != null) {
                double dist = w.copy().addInPlace(-1, prev).frobeniusNorm();
                reg += lambda * dist * dist;
            }
            c.backward(loss.add(reg));
        }
        double[] g = a.getGradient().toDoubleArray();
        double[][] out = new double[P][H];
        for (int i = 0; i < P; i++) {
            System.arraycopy(g, i * H, out[i], 0, H);
        }
        return out;
    }

    private static NDArray features(NDArray x, NDArray a) {
        NDArray t = x.matMul(a).tanh();
        return t.concat(x.getManager().ones(new Shape(x.getShape().get(0), 1), t.getDataType()), 1);
    }

    /** L*(A) = min_W L^prox(W, A), all in plain double. */
    private static double optimalLoss(double[][] x, double[][] y, double[][] a, double lambda, double beta,
                                      double[][] prev) {
        double[][] phi = phi(x, a);
        double[][] w = Ref.prox(phi, y, lambda, beta, prev);
        double loss = Ref.mse(w, phi, y) + beta * Ref.squaredNorm(w);
        if (prev != null) {
            double s = 0;
            for (int r = 0; r < w.length; r++) {
                for (int j = 0; j < w[r].length; j++) {
                    s += (w[r][j] - prev[r][j]) * (w[r][j] - prev[r][j]);
                }
            }
            loss += lambda * s;
        }
        return loss;
    }

    private static double[][] phi(double[][] x, double[][] a) {
        double[][] out = new double[x.length][H + 1];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < H; j++) {
                double s = 0;
                for (int k = 0; k < P; k++) {
                    s += x[i][k] * a[k][j];
                }
                out[i][j] = Math.tanh(s);
            }
            out[i][H] = 1;
        }
        return out;
    }

    private static double relativeError(double[][] a, double[][] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                num += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
                den += b[i][j] * b[i][j];
            }
        }
        return Math.sqrt(num / den);
    }

    private static double[][] gaussian(Random rnd, int r, int c) {
        double[][] out = new double[r][c];
        for (double[] row : out) {
            for (int j = 0; j < c; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return out;
    }

    private static double[] flat(double[][] a) {
        double[] out = new double[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, i * a[0].length, a[0].length);
        }
        return out;
    }
}
