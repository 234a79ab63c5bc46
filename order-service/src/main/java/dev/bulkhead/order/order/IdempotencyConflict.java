package dev.bulkhead.order.order;

/** The Idempotency-Key was used before, by this caller, for a different request. */
public class IdempotencyConflict extends RuntimeException {

    private static final long serialVersionUID = 1L;

    IdempotencyConflict() {
        super("This Idempotency-Key was already used for a different order request; use a new key for a new order.");
    }
}
