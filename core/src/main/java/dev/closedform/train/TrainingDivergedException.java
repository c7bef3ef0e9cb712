package dev.closedform.train;

/** The loss became NaN or infinite: the run stops instead of writing garbage. */
public final class TrainingDivergedException extends ArithmeticException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
