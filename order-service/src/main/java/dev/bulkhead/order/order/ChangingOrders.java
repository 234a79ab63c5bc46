package dev.bulkhead.order.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * How the saga changes orders: lock the order, apply one of its methods, store it and append what it
 * caused to the outbox — all in the caller's transaction, which also holds the consumer's claim of
 * the event, so the effect, its events and "this event was handled" commit together or not at all.
 */
@Service
public class ChangingOrders {

    private final Orders orders;
    private final OrderEvents events;
    private final SagaMeters meters;

    ChangingOrders(Orders orders, OrderEvents events, SagaMeters meters) {
        this.orders = orders;
        this.events = events;
        this.meters = meters;
    }

    /**
     * Applies {@code change} to the order under its row lock.
     *
     * @return {@code false} when there is no such order
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean change(UUID orderId, Consumer<Order> change) {
        return orders.lock(orderId)
                .map(order -> {
                    boolean wasPending = order.status() == OrderStatus.PENDING;
                    change.accept(order);
                    orders.update(order);
                    events.publish(order);
                    if (wasPending && order.status() != OrderStatus.PENDING) {
                        meters.ended(order);
                    }
                    return true;
                })
                .orElse(false);
    }

    /**
     * Locks a bounded batch of PENDING orders past their deadline, skipping any another transaction
     * holds; they stay locked until the caller's transaction ends.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> lockOverdue(Instant now, int limit) {
        return orders.lockOverdue(now, limit);
    }
}
