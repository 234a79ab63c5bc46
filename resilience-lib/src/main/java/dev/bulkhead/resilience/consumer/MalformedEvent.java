package dev.bulkhead.resilience.consumer;

/**
 * An event that no retry can make readable (bad JSON, missing envelope fields, an unknown version).
 * The error handler sends it to the dead-letter topic at once instead of retrying it.
 */
public class MalformedEvent extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedEvent(String message) {
        super(message);
    }

    public MalformedEvent(String message, Throwable cause) {
        super(message, cause);
    }
}
