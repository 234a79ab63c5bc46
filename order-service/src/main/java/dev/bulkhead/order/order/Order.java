package dev.bulkhead.order.order;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The order aggregate. Its methods are the only way its state changes, and they guard the saga's
 * transitions: an order leaves PENDING once, to CONFIRMED or CANCELLED, and stays there.
 *
 * <p>Kafka delivers at least once and topics race each other, so an event that arrives when the
 * order has moved on is expected, not an error: it is recorded in the timeline and changes nothing.
 * Throwing would only send a perfectly good event to the dead-letter topic.
 *
 * <p>Each real transition leaves an event ({@link #pendingEvents()}) that the caller appends to the
 * outbox in the same transaction as the change.
 */
public final class Order {

    private final UUID id;
    private final UUID userId;
    private final List<OrderLine> lines;
    private final Money total;
    private final Instant deadline;
    private final Instant createdAt;
    private OrderStatus status;
    private CancellationReason cancellationReason;
    private UUID paymentId;
    private Instant updatedAt;
    private long version;
    private final List<TimelineEntry> timeline;
    private int storedSteps;
    private final List<Record> events = new ArrayList<>();

    private Order(
            UUID id,
            UUID userId,
            List<OrderLine> lines,
            Money total,
            Instant deadline,
            Instant createdAt,
            OrderStatus status,
            CancellationReason cancellationReason,
            UUID paymentId,
            Instant updatedAt,
            long version,
            List<TimelineEntry> timeline) {
        this.id = Objects.requireNonNull(id, "id");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.lines = List.copyOf(lines);
        this.total = Objects.requireNonNull(total, "total");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.status = Objects.requireNonNull(status, "status");
        this.cancellationReason = cancellationReason;
        this.paymentId = paymentId;
        this.updatedAt = updatedAt;
        this.version = version;
        this.timeline = new ArrayList<>(timeline);
        this.storedSteps = timeline.size();
    }

    /**
     * A new PENDING order of {@code lines}, priced as quoted; its OrderCreated carries the payment
     * token (which the order itself does not keep) and the saga deadline.
     *
     * @throws MixedCurrencies when the lines are priced in more than one currency
     * @throws IllegalArgumentException when there are no lines or a product appears twice
     */
    public static Order place(
            UUID id, UUID userId, List<OrderLine> lines, String paymentToken, Instant at, Instant deadline) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        if (lines.stream().map(OrderLine::productId).distinct().count() != lines.size()) {
            throw new IllegalArgumentException("a product appears on more than one line");
        }
        Objects.requireNonNull(paymentToken, "paymentToken");
        Instant placedAt = stored(at);
        Order order = new Order(
                id,
                userId,
                lines,
                totalOf(lines),
                stored(deadline),
                placedAt,
                OrderStatus.PENDING,
                null,
                null,
                placedAt,
                0,
                List.of());
        order.record(Step.ORDER_PLACED, placedAt, null);
        order.events.add(OrderCreated.of(order, paymentToken));
        return order;
    }

    /** An order as it was stored; for the repository only. */
    static Order restore(
            UUID id,
            UUID userId,
            List<OrderLine> lines,
            Money total,
            Instant deadline,
            Instant createdAt,
            OrderStatus status,
            CancellationReason cancellationReason,
            UUID paymentId,
            Instant updatedAt,
            long version,
            List<TimelineEntry> timeline) {
        return new Order(
                id,
                userId,
                lines,
                total,
                deadline,
                createdAt,
                status,
                cancellationReason,
                paymentId,
                updatedAt,
                version,
                timeline);
    }

    static Money totalOf(List<OrderLine> lines) {
        Set<String> currencies = new LinkedHashSet<>();
        lines.forEach(line -> currencies.add(line.unitPrice().currency()));
        if (currencies.size() > 1) {
            throw new MixedCurrencies(currencies);
        }
        Money total = Money.zero(currencies.iterator().next());
        for (OrderLine line : lines) {
            total = total.plus(line.subtotal());
        }
        return total;
    }

    /** Inventory reserved every line. Informational in any state: the payment decides. */
    public void stockReserved(Instant at) {
        record(Step.STOCK_RESERVED, at, status == OrderStatus.CANCELLED ? lateFor(status) : null);
    }

    /** Inventory could not reserve every line: the order is cancelled OUT_OF_STOCK if still PENDING. */
    public void stockRejected(String shortages, Instant at) {
        if (status != OrderStatus.PENDING) {
            record(Step.STOCK_REJECTED, at, lateFor(status));
            return;
        }
        record(Step.STOCK_REJECTED, at, shortages);
        cancel(CancellationReason.OUT_OF_STOCK, at);
    }

    /** The charge failed: cancelled with the given reason if still PENDING. */
    public void paymentFailed(CancellationReason reason, String detail, Instant at) {
        if (status != OrderStatus.PENDING) {
            record(Step.PAYMENT_FAILED, at, lateFor(status));
            return;
        }
        record(Step.PAYMENT_FAILED, at, detail);
        cancel(reason, at);
    }

    /**
     * The order was paid for. From PENDING it becomes CONFIRMED and leaves OrderConfirmed; a payment
     * for a CANCELLED order is recorded as LATE_PAYMENT (payment-service refunds it on the
     * OrderCancelled it has seen); a second payment for a CONFIRMED order changes nothing.
     *
     * @return whether the order was confirmed by this call
     */
    public boolean confirm(UUID payment, Instant at) {
        Objects.requireNonNull(payment, "payment");
        switch (status) {
            case PENDING -> {
                Instant when = stored(at);
                record(Step.PAYMENT_SUCCEEDED, when, "payment " + payment);
                status = OrderStatus.CONFIRMED;
                paymentId = payment;
                record(Step.CONFIRMED, when, null);
                events.add(new OrderConfirmed(id, userId, total, when));
                return true;
            }
            case CANCELLED -> {
                record(
                        Step.LATE_PAYMENT,
                        at,
                        "payment " + payment + " arrived after cancellation (" + cancellationReason
                                + "); payment-service refunds it");
                return false;
            }
            default -> {
                record(Step.PAYMENT_SUCCEEDED, at, "payment " + payment + " ignored: order already CONFIRMED");
                return false;
            }
        }
    }

    /**
     * Cancels a PENDING order for {@code reason} and leaves OrderCancelled. Anything else is a no-op:
     * a final state never changes.
     *
     * @return whether the order was cancelled by this call
     */
    public boolean cancel(CancellationReason reason, Instant at) {
        Objects.requireNonNull(reason, "reason");
        if (status != OrderStatus.PENDING) {
            return false;
        }
        Instant when = stored(at);
        status = OrderStatus.CANCELLED;
        cancellationReason = reason;
        record(Step.CANCELLED, when, reason.name());
        events.add(new OrderCancelled(id, userId, reason, total, when));
        return true;
    }

    /** Whether the saga deadline has passed for a still PENDING order. */
    public boolean isOverdue(Instant now) {
        return status == OrderStatus.PENDING && !now.isBefore(deadline);
    }

    private void record(Step step, Instant at, String detail) {
        Instant when = stored(at);
        timeline.add(new TimelineEntry(step, when, detail));
        if (updatedAt == null || when.isAfter(updatedAt)) {
            updatedAt = when;
        }
    }

    private static String lateFor(OrderStatus status) {
        return "ignored: order already " + status;
    }

    /** Postgres keeps microseconds: an order read back must equal the one that was written. */
    private static Instant stored(Instant at) {
        return Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
    }

    /** The events of the changes since the last call, in order; the caller puts them in the outbox. */
    public List<Record> pendingEvents() {
        List<Record> pending = List.copyOf(events);
        events.clear();
        return pending;
    }

    /** The timeline entries not yet stored; for the repository only. */
    List<TimelineEntry> unstoredSteps() {
        return List.copyOf(timeline.subList(storedSteps, timeline.size()));
    }

    int storedSteps() {
        return storedSteps;
    }

    /** The repository stored this state as {@code newVersion}. */
    void stored(long newVersion) {
        version = newVersion;
        storedSteps = timeline.size();
    }

    public UUID id() {
        return id;
    }

    public UUID userId() {
        return userId;
    }

    public List<OrderLine> lines() {
        return lines;
    }

    public Money total() {
        return total;
    }

    public Instant deadline() {
        return deadline;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public OrderStatus status() {
        return status;
    }

    public CancellationReason cancellationReason() {
        return cancellationReason;
    }

    public UUID paymentId() {
        return paymentId;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }

    public List<TimelineEntry> timeline() {
        return Collections.unmodifiableList(timeline);
    }
}
