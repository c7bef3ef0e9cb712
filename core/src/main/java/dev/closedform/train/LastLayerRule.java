package dev.closedform.train;

import ai.djl.ndarray.NDArray;
import dev.closedform.head.DenseMatrix;
import java.util.List;
import java.util.Map;

/**
 * How a method keeps the last layer {@code W}: the strategy part of a method. The loop is the same
 * for all; it asks the rule for a new {@code W} from a batch's head features, or lets the gradient
 * optimiser move {@code W} when {@link #trainedByGradient()}.
 */
public interface LastLayerRule {

    /** {@code W} is a parameter of the gradient step (the joint methods). */
    default boolean trainedByGradient() {
        return false;
    }

    /** Every step sees the whole training set and solves before the backbone step (cf-full). */
    default boolean fullBatch() {
        return false;
    }

    /** After the last epoch, replace {@code W} by the exact ridge solve on the whole training set. */
    default boolean refitsAtEnd() {
        return false;
    }

    /** Refuses models the method cannot train (e.g. {@code ce} with fewer than two outputs). */
    default void checkOutputs(int outputDim) {}

    /**
     * The data term summed over the rows of a shard (the loop divides by the batch rows): the
     * squared error {@code sum_i ||p_i - y_i||^2} unless the method trains on another loss
     * ({@code ce}: softmax cross-entropy).
     */
    default NDArray lossSum(NDArray predictions, NDArray targets) {
        return predictions.sub(targets).square().sum();
    }

    /**
     * As {@link #lossSum(NDArray, NDArray)} for a shard whose rows come in groups of {@code points}
     * consecutive head rows per sample (an operator model's grid points; 1 otherwise), for losses
     * defined per sample (relative L2). The loop calls this one.
     */
    default NDArray lossSum(NDArray predictions, NDArray targets, int points) {
        return lossSum(predictions, targets);
    }

    /** The same loss as a mean over rows, on the JVM in double precision (the reported train loss). */
    default double meanLoss(float[] predictions, float[] targets, int rows) {
        return Losses.meanSquaredError(predictions, targets, rows);
    }

    /** As {@link #meanLoss(float[], float[], int)} with {@code points} head rows per sample; the loop calls this one. */
    default double meanLoss(float[] predictions, float[] targets, int rows, int points) {
        return meanLoss(predictions, targets, rows);
    }

    /**
     * The model's estimates of the target rows from its outputs (rows x outputs, row-major): the
     * outputs themselves for squared-loss methods; {@code ce} maps logits to probabilities scaled
     * to each target row's sum ({@link Losses#softmaxScaled}).
     */
    default float[] targetEstimates(float[] outputs, float[] targets, int rows) {
        return outputs;
    }

    /**
     * The new last layer from a batch's features.
     *
     * @param previous the current {@code W}, or {@code null} for the initial solve {@code W_0}
     */
    DenseMatrix update(HeadBatch batch, DenseMatrix previous);

    /**
     * What the rule chose during the epoch that just ended (e.g. {@code cf-auto}'s lambda and beta), by
     * name; the loop calls it once at the end of every epoch and records it with the epoch's metrics
     * ({@link EpochMetrics#diagnostics()}). Rules with choices start a new epoch's record here.
     */
    default Map<String, Double> epochDiagnostics() {
        return Map.of();
    }

    /** Warnings raised since the last call (e.g. a choice at the edge of its candidate range); the loop passes them to {@link TrainingListener#onWarning}. */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * State the rule carries between steps besides {@code W} (e.g. {@code cf-rls}'s pooled statistics),
     * saved in checkpoints so that a resumed run continues exactly; empty for stateless rules.
     */
    default Map<String, double[]> state() {
        return Map.of();
    }

    /** Restores what {@link #state()} returned (an empty map: a checkpoint without rule state). */
    default void restore(Map<String, double[]> state) {}
}
