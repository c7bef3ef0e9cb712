package dev.closedform.experiments.task;

import dev.closedform.data.RegressionData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Friedman #1 (Friedman 1991): ten inputs uniform on [0, 1], of which five matter,
 * {@code y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + noise}.
 */
public final class Friedman {

    public static final int INPUTS = 10;

    private Friedman() {}

    /** The noiseless regression function. */
    public static double function(float[] x, int offset) {
        return 10 * Math.sin(Math.PI * x[offset] * x[offset + 1])
                + 20 * Math.pow(x[offset + 2] - 0.5, 2)
                + 10 * x[offset + 3]
                + 5 * x[offset + 4];
    }

    /** {@code rows} samples with Gaussian noise of standard deviation {@code noise}; draws inputs, then noise, row by row. */
    public static RegressionData generate(int rows, double noise, long seed) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        }
        Random random = new Random(seed);
        float[] x = new float[rows * INPUTS];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < INPUTS; j++) {
                x[i * INPUTS + j] = random.nextFloat();
            }
            y[i] = (float) (function(x, i * INPUTS) + noise * random.nextGaussian());
        }
        List<String> names = new ArrayList<>();
        for (int j = 1; j <= INPUTS; j++) {
            names.add("x" + j);
        }
        return new RegressionData(x, y, names, List.of("y"));
    }
}
