package dev.bulkhead.order.order;

/** POST /api/v1/orders without a usable Idempotency-Key: a retry could not be told from a new order. */
public class InvalidIdempotencyKey extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidIdempotencyKey(String message) {
        super(message);
    }
}
