package dev.bulkhead.order.order;

import dev.bulkhead.order.inventory.Inventory;
import dev.bulkhead.order.inventory.InventoryUnavailable;
import dev.bulkhead.order.inventory.Product;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Placing an order, idempotently. The steps, and why in this order:
 *
 * <ol>
 *   <li>a key this caller used before answers from what it made (same request) or refuses (another
 *       request), without asking inventory again;
 *   <li>prices and names come from inventory <em>outside</em> any transaction, so no database
 *       connection waits on HTTP; if inventory cannot answer, nothing at all is written;
 *   <li>one transaction claims the key, stores the order and appends OrderCreated to the outbox. Two
 *       concurrent requests with one key both get here; the key's primary key makes the second wait
 *       for the first, and then it answers with the first one's order.
 * </ol>
 */
@Service
public class PlacingOrders {

    private static final Logger log = LoggerFactory.getLogger(PlacingOrders.class);

    private final Orders orders;
    private final IdempotencyKeys keys;
    private final OrderEvents events;
    private final Inventory inventory;
    private final OrderDeadline deadline;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PlacingOrders(
            Orders orders,
            IdempotencyKeys keys,
            OrderEvents events,
            Inventory inventory,
            OrderDeadline deadline,
            TransactionTemplate transactions,
            Clock clock) {
        this.orders = orders;
        this.keys = keys;
        this.events = events;
        this.inventory = inventory;
        this.deadline = deadline;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The order this request (with this key) stands for: new, or the one it made before.
     *
     * @throws dev.bulkhead.resilience.web.InvalidInput when a product is listed twice
     * @throws IdempotencyConflict when the key was used for a different request
     * @throws UnknownProducts when inventory does not know a product
     * @throws MixedCurrencies when the products have different currencies
     * @throws InventoryUnavailable when inventory cannot be asked
     */
    public Order place(UUID userId, IdempotencyKey key, PlaceOrder command) {
        command.requireDistinctProducts();
        String fingerprint = command.fingerprint();
        Optional<Order> earlier = replay(userId, key, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        List<OrderLine> lines = priced(command);
        Instant now = clock.instant();
        Order order = Order.place(
                UUID.randomUUID(), userId, lines, command.paymentToken(), now, deadline.forOrderPlacedAt(now));
        return transactions.execute(status -> {
            if (!keys.claim(userId, key, fingerprint, order.id(), now)) {
                // A concurrent request with this key committed first; we have written nothing yet.
                return replay(userId, key, fingerprint)
                        .orElseThrow(() -> new IllegalStateException("idempotency key vanished: " + key.value()));
            }
            orders.insert(order);
            events.publish(order);
            log.info("Placed order {} of user {} ({} lines, {})", order.id(), userId, lines.size(), order.total());
            return order;
        });
    }

    /** The caller's order, from the write model: readable as soon as POST has answered. */
    @Transactional(readOnly = true)
    public Order of(UUID userId, UUID orderId) {
        return orders.findOf(userId, orderId).orElseThrow(() -> new OrderNotFound(orderId));
    }

    private Optional<Order> replay(UUID userId, IdempotencyKey key, String fingerprint) {
        return keys.find(userId, key).map(used -> {
            if (!used.requestHash().equals(fingerprint)) {
                throw new IdempotencyConflict();
            }
            return orders.find(used.orderId())
                    .orElseThrow(
                            () -> new IllegalStateException("order of idempotency key missing: " + used.orderId()));
        });
    }

    private List<OrderLine> priced(PlaceOrder command) {
        Map<UUID, Product> products = inventory.products(command.productIds());
        List<UUID> unknown = command.productIds().stream()
                .filter(id -> !products.containsKey(id))
                .toList();
        if (!unknown.isEmpty()) {
            throw new UnknownProducts(unknown);
        }
        List<OrderLine> lines = new ArrayList<>(command.items().size());
        for (PlaceOrder.Line line : command.items()) {
            Product product = products.get(line.productId());
            lines.add(new OrderLine(
                    product.id(),
                    product.name(),
                    line.quantity(),
                    new Money(product.priceMinor(), product.currency())));
        }
        return lines;
    }
}
