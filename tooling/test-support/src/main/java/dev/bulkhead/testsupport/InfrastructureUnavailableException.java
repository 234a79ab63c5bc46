package dev.bulkhead.testsupport;

import java.io.Serial;

/**
 * A piece of test infrastructure could not be provided. The message is one line that says how to
 * provide it, so it reads well as the cause under "Failed to load ApplicationContext".
 */
public final class InfrastructureUnavailableException extends IllegalStateException {

    @Serial
    private static final long serialVersionUID = 1L;

    InfrastructureUnavailableException(String message) {
        super(oneLine(message));
    }

    InfrastructureUnavailableException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Collapses whitespace so that nested driver messages cannot break the single line. */
    static String oneLine(String message) {
        return message.replaceAll("\\s+", " ").strip();
    }

    /** The first line of a cause's message, for embedding in ours. */
    static String brief(Throwable cause) {
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int newline = text.indexOf('\n');
        return oneLine(newline < 0 ? text : text.substring(0, newline));
    }
}
