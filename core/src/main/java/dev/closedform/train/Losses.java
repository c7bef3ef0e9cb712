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

    /**
     * Mean over rows of the softmax cross-entropy of {@code logits} (rows x classes) against target
     * rows normalised to sum 1; computed with the log-sum-exp shift, so large logits do not overflow.
     */
    public static double crossEntropy(float[] logits, float[] targets, int rows) {
        if (logits.length != targets.length || rows < 1 || logits.length % rows != 0) {
            throw new IllegalArgumentException("logits have " + logits.length + " values, targets " + targets.length + ", rows " + rows);
        }
        int k = logits.length / rows;
        double total = 0;
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double mass = 0;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[i * k + j]);
                mass += targets[i * k + j];
            }
            double sumExp = 0;
            for (int j = 0; j < k; j++) {
                sumExp += Math.exp(logits[i * k + j] - max);
            }
            double logZ = max + Math.log(sumExp);
            for (int j = 0; j < k; j++) {
                double t = targets[i * k + j];
                if (t != 0) {
                    total -= t / mass * (logits[i * k + j] - logZ);
                }
            }
        }
        return total / rows;
    }

    /** Share of rows whose largest prediction is in the column of their largest target (ties: first). */
    public static double accuracy(float[] predictions, float[] targets, int rows) {
        if (predictions.length != targets.length || rows < 1 || predictions.length % rows != 0) {
            throw new IllegalArgumentException("predictions have " + predictions.length + " values, targets "
                    + targets.length + ", rows " + rows);
        }
        int k = predictions.length / rows;
        int correct = 0;
        for (int i = 0; i < rows; i++) {
            if (argmax(predictions, i * k, k) == argmax(targets, i * k, k)) {
                correct++;
            }
        }
        return (double) correct / rows;
    }

    static int argmax(float[] a, int from, int length) {
        int best = 0;
        for (int j = 1; j < length; j++) {
            if (a[from + j] > a[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
