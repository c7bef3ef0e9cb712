package dev.closedform.train;

import ai.djl.ndarray.NDArray;

/**
 * The loss side of the cross-entropy methods ({@code ce}, {@code cf-newton}): softmax cross-entropy of
 * the outputs (logits) against the target rows normalised to sum 1, for the backbone's gradient, the
 * reported loss and the target estimates. Classification only.
 */
interface SoftmaxCrossEntropy extends LastLayerRule {

    /** The method's name in messages. */
    String methodLabel();

    @Override
    default void checkOutputs(int outputDim) {
        if (outputDim < 2) {
            throw new IllegalArgumentException("method " + methodLabel() + " (softmax cross-entropy) needs one-hot targets with at least"
                    + " 2 classes; the data has " + outputDim + " output column(s): use it on a classification task");
        }
    }

    @Override
    default NDArray lossSum(NDArray predictions, NDArray targets) {
        NDArray p = targets.div(targets.sum(new int[] {1}, true));
        return p.mul(predictions.logSoftmax(1)).sum().neg();
    }

    @Override
    default double meanLoss(float[] predictions, float[] targets, int rows) {
        return Losses.crossEntropy(predictions, targets, rows);
    }

    @Override
    default float[] targetEstimates(float[] outputs, float[] targets, int rows) {
        return Losses.softmaxScaled(outputs, targets, rows);
    }
}
