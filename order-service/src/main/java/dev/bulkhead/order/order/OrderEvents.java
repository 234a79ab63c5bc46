package dev.bulkhead.order.order;

import dev.bulkhead.resilience.outbox.Outbox;
import org.springframework.stereotype.Component;

/** Puts what an order's changes caused into the outbox, in the caller's transaction. */
@Component
class OrderEvents {

    static final String TOPIC = "order-events";
    static final int VERSION = 1;

    private final Outbox outbox;

    OrderEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Appends the order's pending events; call it after the change is stored (it takes the row lock). */
    void publish(Order order) {
        for (Record event : order.pendingEvents()) {
            // The record names are the contract's type names: OrderCreated, OrderConfirmed, OrderCancelled.
            outbox.append(
                    TOPIC, event.getClass().getSimpleName(), VERSION, order.id().toString(), event);
        }
    }
}
