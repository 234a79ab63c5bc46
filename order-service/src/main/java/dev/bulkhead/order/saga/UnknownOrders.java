package dev.bulkhead.order.saga;

import dev.bulkhead.resilience.consumer.ReceivedEvent;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the saga's reactions do with an event about an order this service does not have. */
final class UnknownOrders {

    private static final Logger log = LoggerFactory.getLogger(UnknownOrders.class);

    private UnknownOrders() {}

    /**
     * Runs {@code change}, which answers whether the order existed. Orders are stored before their
     * OrderCreated exists, so no event about one of our orders can overtake the order itself: an
     * unknown id is not a race but not ours (another environment, a test, a bug upstream). Retrying
     * would not make it appear, so it is logged at WARN and skipped, not dead-lettered.
     */
    static void skipIfUnknown(ReceivedEvent<?> event, UUID orderId, BooleanSupplier change) {
        if (!change.getAsBoolean()) {
            log.warn("{} {} names order {} which does not exist here; skipped", event.type(), event.id(), orderId);
        }
    }
}
