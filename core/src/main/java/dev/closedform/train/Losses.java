package dev.closedform.train;

/** Losses computed on the JVM in double precision. */
public final class Losses {

    private Losses() {}

    /** {@code (1/rows) sum_i ||p_i - y_i||^2}: the data term of the paper's loss. */
    public static double meanSquaredError(float[] predictions, float[] targets, int rows) {
        if (predictions.length != targets.length) {
            throw new IllegalArgumentException("predictions have " + predictions.length + " values, targets " + targets.length);
        }
        double sum = 0;
        for (int i = 0; i < predictions.length; i++) {
            double d = (double) predictions[i] - targets[i];
            sum += d * d;
        }
        return sum / rows;
    }
}
