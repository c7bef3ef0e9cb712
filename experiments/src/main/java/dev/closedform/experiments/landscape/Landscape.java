package dev.closedform.experiments.landscape;

import java.util.Random;

/**
 * Figure 1 of the paper: the loss of the one-unit network {@code f(x) = W relu(theta x)} on a
 * few points, as a function of both parameters, and the closed-form last layer {@code W*(theta)}.
 *
 * <p>{@code L(W, theta) = (1/n) sum_i (y_i - W relu(theta x_i))^2 + beta W^2} (mean data term, as in
 * docs/methods.md). Pure double arithmetic: the grid is tiny and exactness matters more than speed.
 */
public final class Landscape {

    private Landscape() {}

    /** Computes the grid and the curve for the given settings. */
    public static LandscapeResult compute(LandscapeConfig cfg) {
        Random rng = new Random(cfg.seed());
        int n = cfg.points();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextGaussian();
        }
        double[] thetas = linspace(cfg.thetaMin(), cfg.thetaMax(), cfg.nTheta());
        double[] ws = linspace(cfg.wMin(), cfg.wMax(), cfg.nW());
        double[][] loss = new double[thetas.length][ws.length];
        double[] wStar = new double[thetas.length];
        double[] lStar = new double[thetas.length];
        for (int i = 0; i < thetas.length; i++) {
            for (int j = 0; j < ws.length; j++) {
                loss[i][j] = loss(ws[j], thetas[i], x, y, cfg.beta());
            }
            wStar[i] = wStar(thetas[i], x, y, cfg.beta());
            lStar[i] = loss(wStar[i], thetas[i], x, y, cfg.beta());
        }
        return new LandscapeResult(cfg, x, y, thetas, ws, loss, wStar, lStar);
    }

    /** {@code L(W, theta)}. */
    public static double loss(double w, double theta, double[] x, double[] y, double beta) {
        checkSameLength(x, y);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double r = y[i] - w * relu(theta * x[i]);
            s += r * r;
        }
        return s / x.length + beta * w * w;
    }

    /**
     * {@code W*(theta) = (sum y phi / n) / (sum phi^2 / n + beta)}. With {@code beta = 0} and all
     * features zero the minimiser is not unique; we return 0 (the minimum-norm choice) rather than NaN.
     */
    public static double wStar(double theta, double[] x, double[] y, double beta) {
        checkSameLength(x, y);
        int n = x.length;
        double yPhi = 0;
        double phi2 = 0;
        for (int i = 0; i < n; i++) {
            double phi = relu(theta * x[i]);
            yPhi += y[i] * phi;
            phi2 += phi * phi;
        }
        double denom = phi2 / n + beta;
        return denom == 0 ? 0.0 : (yPhi / n) / denom;
    }

    static double relu(double v) {
        return v > 0 ? v : 0.0;
    }

    static double[] linspace(double a, double b, int k) {
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = a + (b - a) * i / (k - 1);
        }
        out[k - 1] = b; // exact end point despite rounding
        return out;
    }

    private static void checkSameLength(double[] x, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException(
                    "x and y must be non-empty and of equal length, got x.length=" + x.length + ", y.length=" + y.length);
        }
    }
}
