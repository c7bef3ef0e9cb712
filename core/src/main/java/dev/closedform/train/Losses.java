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
     * Row-wise softmax of {@code logits} (rows x classes) times the sum of the matching target row:
     * with one-hot targets of value {@code M}, the probabilities on the targets' scale, so that the
     * squared loss against the targets is comparable with a squared-loss model's ({@code M = 1}: the
     * Brier score). Shifted by the row maximum, so large logits do not overflow.
     */
    public static float[] softmaxScaled(float[] logits, float[] targets, int rows) {
        int k = classes(logits, targets, rows);
        float[] out = new float[logits.length];
        for (int i = 0; i < rows; i++) {
            double logZ = logSumExp(logits, i * k, k);
            double mass = sum(targets, i * k, k);
            for (int j = i * k; j < (i + 1) * k; j++) {
                out[j] = (float) (mass * Math.exp(logits[j] - logZ));
            }
        }
        return out;
    }

    /**
     * Mean over rows of the softmax cross-entropy of {@code logits} (rows x classes) against target
     * rows normalised to sum 1; computed with the log-sum-exp shift, so large logits do not overflow.
     */
    public static double crossEntropy(float[] logits, float[] targets, int rows) {
        int k = classes(logits, targets, rows);
        double total = 0;
        for (int i = 0; i < rows; i++) {
            double logZ = logSumExp(logits, i * k, k);
            double mass = sum(targets, i * k, k);
            for (int j = 0; j < k; j++) {
                double t = targets[i * k + j];
                if (t != 0) {
                    total -= t / mass * (logits[i * k + j] - logZ);
                }
            }
        }
        return total / rows;
    }

    /** Columns of row-major {@code rows x k} logits, checked against the targets. */
    private static int classes(float[] logits, float[] targets, int rows) {
        if (logits.length != targets.length || rows < 1 || logits.length % rows != 0) {
            throw new IllegalArgumentException("logits have " + logits.length + " values, targets " + targets.length + ", rows " + rows);
        }
        return logits.length / rows;
    }

    /** {@code log sum_j exp(a_j)} over {@code a[from .. from + length)}, shifted by the maximum. */
    private static double logSumExp(float[] a, int from, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = from; j < from + length; j++) {
            max = Math.max(max, a[j]);
        }
        double sumExp = 0;
        for (int j = from; j < from + length; j++) {
            sumExp += Math.exp(a[j] - max);
        }
        return max + Math.log(sumExp);
    }

    private static double sum(float[] a, int from, int length) {
        double s = 0;
        for (int j = from; j < from + length; j++) {
            s += a[j];
        }
        return s;
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
