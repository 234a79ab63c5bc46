package dev.bulkhead.payment.payment;

import java.util.UUID;

/**
 * No payment the caller may see: unknown, another user's, or not created yet — deliberately one
 * failure, so the answer never tells whether someone else's order or payment exists.
 */
public class PaymentNotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PaymentNotFound(UUID id) {
        super("No payment " + id);
    }

    PaymentNotFound(String what) {
        super(what);
    }
}
