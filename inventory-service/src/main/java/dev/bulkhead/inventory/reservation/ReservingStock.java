package dev.bulkhead.inventory.reservation;

import dev.bulkhead.inventory.product.Product;
import dev.bulkhead.inventory.product.Products;
import dev.bulkhead.inventory.reservation.InventoryEvents.Item;
import dev.bulkhead.inventory.reservation.InventoryEvents.Shortage;
import dev.bulkhead.inventory.reservation.InventoryEvents.StockRejected;
import dev.bulkhead.inventory.reservation.InventoryEvents.StockReleased;
import dev.bulkhead.inventory.reservation.InventoryEvents.StockReserved;
import dev.bulkhead.resilience.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The saga's inventory steps, each one local transaction: reserve an order's lines (all or none),
 * commit them when the order is paid, release them when it is cancelled. The products an order
 * touches are locked in one fixed order (see {@link Products#lockInIdOrder}) before anything is
 * checked, so concurrent orders over the same products serialise per product and cannot deadlock,
 * and what is checked is what is changed. Each step is idempotent by the reservation's status: the
 * second delivery of anything finds the decision already taken.
 */
@Service
class ReservingStock {

    private static final Logger log = LoggerFactory.getLogger(ReservingStock.class);

    /** What {@link #reserve} decided. */
    enum Decision {
        RESERVED,
        REJECTED,
        /** The order had a reservation (or a cancellation) already: nothing changed. */
        ALREADY_DECIDED
    }

    private final Products products;
    private final Reservations reservations;
    private final Outbox outbox;
    private final Clock clock;

    ReservingStock(Products products, Reservations reservations, Outbox outbox, Clock clock) {
        this.products = products;
        this.reservations = reservations;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Reserves every line of the order, or none: StockReserved when all fit, StockRejected (naming
     * the shortages, no stock changed) when one does not or names an unknown product.
     */
    @Transactional
    Decision reserve(UUID orderId, List<Line> requested) {
        if (reservations.exists(orderId)) {
            log.info("Order {} has a reservation or a cancellation already: reserving nothing", orderId);
            return Decision.ALREADY_DECIDED;
        }
        List<Line> lines = merged(requested);
        Map<UUID, Product> locked = products
                .lockInIdOrder(lines.stream().map(Line::productId).toList())
                .stream()
                .collect(Collectors.toMap(Product::id, Function.identity()));
        Instant now = clock.instant();

        List<Shortage> unknown = new ArrayList<>();
        List<Shortage> outOfStock = new ArrayList<>();
        for (Line line : lines) {
            Product product = locked.get(line.productId());
            if (product == null) {
                unknown.add(new Shortage(line.productId(), line.quantity(), 0));
            } else if (!product.canReserve(line.quantity())) {
                outOfStock.add(new Shortage(line.productId(), line.quantity(), product.stock()));
            }
        }
        if (!unknown.isEmpty()) {
            return reject(orderId, lines, RejectionReason.UNKNOWN_PRODUCT, unknown, now);
        }
        if (!outOfStock.isEmpty()) {
            return reject(orderId, lines, RejectionReason.OUT_OF_STOCK, outOfStock, now);
        }

        for (Line line : lines) {
            Product product = locked.get(line.productId());
            product.reserve(line.quantity(), now);
            products.update(product);
        }
        store(Reservation.reserved(orderId, lines, now));
        outbox.append(
                InventoryEvents.TOPIC,
                StockReserved.TYPE,
                InventoryEvents.VERSION,
                orderId.toString(),
                new StockReserved(orderId, Item.of(lines), now));
        log.info("Reserved {} line(s) for order {}", lines.size(), orderId);
        return Decision.RESERVED;
    }

    /** The order was paid: its reserved units leave for good. Anything but a RESERVED reservation is left alone. */
    @Transactional
    void commit(UUID orderId) {
        var found = reservations.lock(orderId);
        if (found.isEmpty()) {
            // Cannot happen in the saga (an order is confirmed only after StockReserved): say so loudly.
            log.warn("Order {} was confirmed but has no reservation: nothing to commit", orderId);
            return;
        }
        Reservation reservation = found.get();
        if (reservation.status() != ReservationStatus.RESERVED) {
            if (reservation.status() == ReservationStatus.COMMITTED) {
                log.debug("Order {} was committed already", orderId);
            } else {
                log.warn(
                        "Order {} was confirmed but its reservation is {}: nothing to commit",
                        orderId,
                        reservation.status());
            }
            return;
        }
        Instant now = clock.instant();
        forEachLocked(reservation, (product, quantity) -> product.commit(quantity, now));
        reservation.commit(now);
        reservations.updateStatus(reservation);
        log.info("Committed the reservation of order {}", orderId);
    }

    /**
     * The order was cancelled: a RESERVED reservation goes back to stock (StockReleased). Without a
     * reservation, a released one without lines is stored, so a late OrderCreated reserves nothing.
     */
    @Transactional
    void release(UUID orderId) {
        var found = reservations.lock(orderId);
        Instant now = clock.instant();
        if (found.isEmpty()) {
            store(Reservation.cancelledFirst(orderId, now));
            log.info("Order {} was cancelled before it reached inventory: it will reserve nothing", orderId);
            return;
        }
        Reservation reservation = found.get();
        switch (reservation.status()) {
            case RESERVED -> {
                forEachLocked(reservation, (product, quantity) -> product.release(quantity, now));
                reservation.release(now);
                reservations.updateStatus(reservation);
                outbox.append(
                        InventoryEvents.TOPIC,
                        StockReleased.TYPE,
                        InventoryEvents.VERSION,
                        orderId.toString(),
                        new StockReleased(orderId, Item.of(reservation.lines()), now));
                log.info("Released the reservation of order {}", orderId);
            }
            // The saga never cancels a confirmed order; if it did, the goods are sold and stay so.
            case COMMITTED ->
                log.warn("Order {} was cancelled after its stock was committed: nothing released", orderId);
            case RELEASED, REJECTED ->
                log.debug("Order {} holds no stock ({}): nothing to release", orderId, reservation.status());
        }
    }

    private Decision reject(
            UUID orderId, List<Line> lines, RejectionReason reason, List<Shortage> shortages, Instant now) {
        store(Reservation.rejected(orderId, lines, reason, now));
        outbox.append(
                InventoryEvents.TOPIC,
                StockRejected.TYPE,
                InventoryEvents.VERSION,
                orderId.toString(),
                new StockRejected(orderId, reason, shortages, now));
        log.info("Rejected order {}: {} {}", orderId, reason, shortages);
        return Decision.REJECTED;
    }

    private void store(Reservation reservation) {
        if (!reservations.insert(reservation)) {
            // Two deliveries of one order raced past the check above; roll this one back, the retry sees the other.
            throw new IllegalStateException("Order " + reservation.orderId() + " was decided concurrently");
        }
    }

    private void forEachLocked(Reservation reservation, ObjIntConsumer<Product> change) {
        Map<UUID, Integer> quantities =
                reservation.lines().stream().collect(Collectors.toMap(Line::productId, Line::quantity));
        for (Product product : products.lockInIdOrder(quantities.keySet())) {
            change.accept(product, quantities.get(product.id()));
            products.update(product);
        }
    }

    /** One line per product, in the order's order: two lines of one product are one reservation of their sum. */
    static List<Line> merged(List<Line> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order has at least one line");
        }
        Map<UUID, Integer> sums = new LinkedHashMap<>();
        for (Line line : lines) {
            sums.merge(line.productId(), line.quantity(), Math::addExact);
        }
        return sums.entrySet().stream()
                .map(entry -> new Line(entry.getKey(), entry.getValue()))
                .toList();
    }
}
