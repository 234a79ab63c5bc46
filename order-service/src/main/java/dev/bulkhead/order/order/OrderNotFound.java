package dev.bulkhead.order.order;

import java.util.UUID;

/** No such order for this caller: an unknown id and another user's order read the same (no IDOR oracle). */
public class OrderNotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OrderNotFound(UUID id) {
        super("No order " + id);
    }
}
