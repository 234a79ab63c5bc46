package dev.bulkhead.payment.payment;

/** A payments query the service cannot answer as asked (no orderId, or one that is no UUID). */
public class InvalidPaymentQuery extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidPaymentQuery(String message) {
        super(message);
    }
}
