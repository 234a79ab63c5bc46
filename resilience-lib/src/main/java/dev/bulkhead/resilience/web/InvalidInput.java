package dev.bulkhead.resilience.web;

import java.io.Serial;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Input a service refuses for a rule bean validation cannot express (a product listed twice, a query
 * parameter out of range, a PATCH body that is not an object). {@link ServiceProblems} answers it like a
 * bean-validation failure: 400 {@code invalid-request}, every violation as {@code {field, message}}.
 *
 * <pre>{@code
 * if (size > MAX_SIZE) throw InvalidInput.of("size", "must be between 1 and " + MAX_SIZE);
 * }</pre>
 *
 * Messages name the rule, never the submitted value: the value may be a password or a card token.
 */
public class InvalidInput extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** One broken rule: the field (a dotted path, a query parameter or a header name) and what it must be. */
    public record Violation(String field, String message) {
        public Violation {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /** The {@code field} of a rule about the request body as a whole (missing, not JSON, not an object). */
    public static final String BODY = "body";

    private final transient List<Violation> violations;

    /** @param violations at least one broken rule, in the order the caller should read them */
    public InvalidInput(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("Invalid input needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    /** Input with one broken rule. */
    public static InvalidInput of(String field, String message) {
        return new InvalidInput(List.of(new Violation(field, message)));
    }

    /** Every broken rule, as the problem's {@code errors} lists them. */
    public List<Violation> violations() {
        return violations;
    }
}
