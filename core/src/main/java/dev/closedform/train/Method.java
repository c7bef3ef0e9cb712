package dev.closedform.train;

import java.util.Arrays;
import java.util.List;

/**
 * The methods of the training loop, by name. Each names how the last layer is kept (its
 * {@link LastLayerRule}, built by {@link Methods#rule}) and which optimiser the backbone gets by
 * default. Help texts and error messages list {@link #labels()}, so a new constant shows up everywhere.
 */
public enum Method {
    SGD("sgd", "squared loss; last layer and backbone trained jointly by SGD"),
    ADAM("adam", "squared loss; last layer and backbone trained jointly by Adam"),
    CF_RIDGE("cf-ridge", "last layer re-solved by ridge regression on every batch (lambda = 0)"),
    CF_PROX("cf-prox", "last layer at the proximal closed form on every batch (the paper's method)"),
    CF_FULL("cf-full", "last layer exact on the whole training set, full-batch gradient descent"),
    EMA("ema", "exponential moving average of per-batch ridge solves"),
    REFIT("refit", "trained as sgd/adam, then one exact ridge refit of the last layer on all training rows"),
    CE("ce", "softmax cross-entropy, jointly trained (classification only)"),
    CF_AUTO("cf-auto", "cf-prox with lambda and beta chosen from the batches by generalised cross-validation (no tuning)"),
    CF_RLS("cf-rls", "last layer by recursive least squares over all batches seen, forgetting factor 1 - 1/memory"),
    SLIMTIK("slimtik", "slimTrain's sampled Tikhonov update, its regulariser chosen per batch by sampled GCV (memory depth r)"),
    CF_NEWTON("cf-newton", "softmax cross-entropy; last layer by one proximal Newton step per batch (classification only)");

    private final String label;
    private final String description;

    Method(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The name used on the command line and in run records, e.g. {@code cf-prox}. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** {@code adam} is Adam on everything; every other method defaults to plain SGD on the backbone. */
    public OptimizerKind defaultOptimizer() {
        return this == ADAM ? OptimizerKind.ADAM : OptimizerKind.SGD;
    }

    /** True for methods whose head is a closed-form solve during training. */
    public boolean closedForm() {
        return label.startsWith("cf-") || this == EMA || this == SLIMTIK;
    }

    /** Whether the proximal coefficient lambda ({@code --prox}) enters this method's updates. */
    public boolean readsProx() {
        return this == CF_PROX || this == CF_NEWTON;
    }

    /** Whether {@code --initial-head} (how the first last layer is formed) enters: cf-prox alone. */
    public boolean readsInitialHead() {
        return this == CF_PROX;
    }

    /** Whether the ridge beta ({@code --ridge}) enters: every method but those that choose their own regularisation. */
    public boolean readsRidge() {
        return this != CF_AUTO && this != SLIMTIK;
    }

    /** Whether the update order ({@code --order}) matters: the methods that solve their head on every batch. */
    public boolean readsUpdateOrder() {
        return closedForm() && this != CF_FULL;
    }

    /** All labels, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Method::label).toList();
    }

    /** The method of a label (case and surrounding blanks ignored); the error lists every label. */
    public static Method parse(String name) {
        return Labels.parse(values(), Method::label, "method", name);
    }

    @Override
    public String toString() {
        return label;
    }
}
