package dev.closedform.train;

/**
 * The data term a jointly trained method ({@code sgd}, {@code adam}, {@code refit}) minimises. The
 * closed-form methods always minimise the squared loss: it is what their head solves exactly.
 */
public enum Loss {
    /** {@code (1/n) sum_i ||f(x_i) - y_i||^2}, the paper's loss (default). */
    SQUARED("squared"),
    /**
     * {@code (1/n) sum_i ||f(x_i) - y_i|| / ||y_i||} over the samples of the batch, each sample's whole
     * output field at once (for operator models: all grid points of the sample), in the units the model
     * trains in: the loss of the original FNO recipe.
     */
    RELATIVE_L2("relative-l2");

    private final String label;

    Loss(String label) {
        this.label = label;
    }

    /** The name used on the command line and in run records, e.g. {@code relative-l2}. */
    public String label() {
        return label;
    }

    /** The loss of a label (case and surrounding blanks ignored); the error lists every label. */
    public static Loss parse(String name) {
        return Labels.parse(values(), Loss::label, "loss", name);
    }

    @Override
    public String toString() {
        return label;
    }
}
