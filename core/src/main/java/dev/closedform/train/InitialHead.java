package dev.closedform.train;

/**
 * How {@code cf-prox} forms its first last layer {@code W_0}, on the first batch, before any backbone step
 * (docs/methods.md, "The first last layer"). Both are one solve on that batch; they differ in how strongly
 * it is regularised.
 */
public enum InitialHead {
    /**
     * The ridge solve with {@code beta}: the batch's best fit. When that system is singular (beta = 0 on
     * rank-deficient features) and lambda > 0, the proximal step from zero instead.
     */
    RIDGE("ridge"),
    /**
     * cf-prox's own step from {@code W = 0}: the ridge solve with {@code lambda + beta}, so the first
     * last layer is regularised like every later one.
     */
    PROXIMAL("proximal");

    private final String label;

    InitialHead(String label) {
        this.label = label;
    }

    /** The name used on the command line and in run records. */
    public String label() {
        return label;
    }

    /** The choice of a label (case and surrounding blanks ignored); the error lists every label. */
    public static InitialHead parse(String name) {
        return Labels.parse(values(), InitialHead::label, "initial head", name);
    }

    @Override
    public String toString() {
        return label;
    }
}
