package org.malcomedge.agent;

/**
 * A mistake in what the user gave (a flag value, a file, a dataset name): reported as one line
 * that names the problem, exit status 2, no stack trace.
 */
public class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Runs a parser or constructor that validates a user's value; its IllegalArgumentException
     * (whose message names the value) becomes an input error.
     */
    public static <T> T orInputError(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), e);
        }
    }
}
