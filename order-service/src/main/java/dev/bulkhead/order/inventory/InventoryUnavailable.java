package dev.bulkhead.order.inventory;

/** inventory-service could not be asked (down, slow, 5xx) or gave an unusable answer: try again later. */
public class InventoryUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InventoryUnavailable(String reason, Throwable cause) {
        super("Product prices are unavailable right now (" + reason + "); nothing was ordered, please retry.", cause);
    }
}
