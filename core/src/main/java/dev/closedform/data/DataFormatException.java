package dev.closedform.data;

/**
 * A data file or array does not have the expected format or content.
 *
 * <p>Messages name the source (file), and where applicable the 1-based line number and the
 * column (name and 0-based index), so that a user can find the offending cell without a debugger.
 * It is unchecked because a malformed input is not something callers can recover from locally.
 */
public class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message full description including source, row and column where known */
    public DataFormatException(String message) {
        super(message);
    }

    /**
     * @param message full description including source, row and column where known
     * @param cause   underlying error (e.g. a {@link NumberFormatException})
     */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
