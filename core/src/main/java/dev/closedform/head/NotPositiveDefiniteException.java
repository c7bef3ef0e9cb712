package dev.closedform.head;

/**
 * Thrown when a system the head must solve is not (numerically) symmetric positive definite, e.g.
 * {@code lambda = beta = 0} with rank-deficient features. The head never adds silent jitter: the
 * remedy is a positive ridge beta or proximal coefficient lambda.
 */
public class NotPositiveDefiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int pivotIndex;
    private final double pivotValue;
    private final int size;

    public NotPositiveDefiniteException(String message, int pivotIndex, double pivotValue, int size) {
        super(message);
        this.pivotIndex = pivotIndex;
        this.pivotValue = pivotValue;
        this.size = size;
    }

    /** The failure of a Cholesky factorisation at a given (0-based) pivot. */
    static NotPositiveDefiniteException atPivot(int pivotIndex, double pivotValue, double diagonal, int size) {
        return new NotPositiveDefiniteException(
                "matrix of size " + size + "x" + size + " is not positive definite: pivot " + pivotIndex
                        + " is " + pivotValue + " (diagonal entry " + diagonal + ")."
                        + " The features are (numerically) rank deficient for this regularisation;"
                        + " increase the ridge beta or the proximal coefficient lambda.",
                pivotIndex, pivotValue, size);
    }

    /** 0-based index of the failing pivot. */
    public int pivotIndex() {
        return pivotIndex;
    }

    /** The Schur-complement value found at the failing pivot (before any square root). */
    public double pivotValue() {
        return pivotValue;
    }

    /** Order of the matrix being factorised. */
    public int size() {
        return size;
    }
}
