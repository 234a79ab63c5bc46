package dev.bulkhead.order.order;

import java.util.regex.Pattern;

/**
 * The client's {@code Idempotency-Key}: 1 to 255 visible ASCII characters (a UUID is typical). It is
 * scoped to the caller, so two users can never collide on, or probe, each other's keys.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";

    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1,255}");

    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw new InvalidIdempotencyKey("The " + HEADER + " header is required: send a unique value (a UUID)"
                    + " per order you mean to place, and the same value when you retry it.");
        }
        if (!VISIBLE_ASCII.matcher(value).matches()) {
            throw new InvalidIdempotencyKey(
                    "The " + HEADER + " header must be 1 to 255 visible ASCII characters (no spaces).");
        }
    }

    /** @throws InvalidIdempotencyKey when the header is missing or malformed */
    public static IdempotencyKey of(String header) {
        return new IdempotencyKey(header);
    }
}
