package dev.bulkhead.order.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where orders are kept: one row per order, its lines (written once) and its timeline (appended to).
 * Plain SQL rather than an aggregate mapper, because an update only ever changes a few columns and
 * appends steps; rewriting 50 lines per saga step would be waste.
 */
@Repository
class Orders {

    private static final String COLUMNS = "id, user_id, status, cancellation_reason, total_minor, currency,"
            + " payment_id, deadline, created_at, updated_at, version";

    private final JdbcClient jdbc;

    Orders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Order order) {
        jdbc.sql("INSERT INTO orders (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        order.id(),
                        order.userId(),
                        order.status().name(),
                        reason(order),
                        order.total().amountMinor(),
                        order.total().currency(),
                        order.paymentId(),
                        timestamp(order.deadline()),
                        timestamp(order.createdAt()),
                        timestamp(order.updatedAt()),
                        0L)
                .update();
        int lineNo = 0;
        for (OrderLine line : order.lines()) {
            jdbc.sql("INSERT INTO order_line (order_id, line_no, product_id, product_name, quantity,"
                            + " unit_price_minor, currency) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            order.id(),
                            lineNo++,
                            line.productId(),
                            line.productName(),
                            line.quantity(),
                            line.unitPrice().amountMinor(),
                            line.unitPrice().currency())
                    .update();
        }
        appendSteps(order);
        order.stored(0);
    }

    /**
     * Stores a changed order: the root row if its version is still the one read (optimistic lock),
     * and the steps added since.
     *
     * @throws OptimisticLockingFailureException when someone else changed it in between
     */
    void update(Order order) {
        int updated = jdbc.sql("UPDATE orders SET status = ?, cancellation_reason = ?, payment_id = ?, updated_at = ?,"
                        + " version = version + 1 WHERE id = ? AND version = ?")
                .params(
                        order.status().name(),
                        reason(order),
                        order.paymentId(),
                        timestamp(order.updatedAt()),
                        order.id(),
                        order.version())
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException(
                    "order " + order.id() + " changed since version " + order.version() + " was read");
        }
        appendSteps(order);
        order.stored(order.version() + 1);
    }

    Optional<Order> find(UUID id) {
        return load("SELECT " + COLUMNS + " FROM orders WHERE id = ?", id);
    }

    Optional<Order> findOf(UUID userId, UUID id) {
        return load("SELECT " + COLUMNS + " FROM orders WHERE id = ? AND user_id = ?", id, userId);
    }

    /** The order, its row locked until the transaction ends: saga reactions to one order queue up. */
    Optional<Order> lock(UUID id) {
        return load("SELECT " + COLUMNS + " FROM orders WHERE id = ? FOR UPDATE", id);
    }

    /**
     * Locks up to {@code limit} PENDING orders whose deadline has passed, skipping those another
     * transaction holds (another instance's sweep, a saga reaction in flight).
     */
    long countPending() {
        return jdbc.sql("SELECT count(*) FROM orders WHERE status = 'PENDING'")
                .query(Long.class)
                .single();
    }

    /** PENDING orders whose deadline passed before {@code before}. */
    long countOverdue(Instant before) {
        return jdbc.sql("SELECT count(*) FROM orders WHERE status = 'PENDING' AND deadline <= ?")
                .params(timestamp(before))
                .query(Long.class)
                .single();
    }

    List<UUID> lockOverdue(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM orders WHERE status = 'PENDING' AND deadline <= ?"
                        + " ORDER BY deadline LIMIT ? FOR UPDATE SKIP LOCKED")
                .params(timestamp(now), limit)
                .query(UUID.class)
                .list();
    }

    private Optional<Order> load(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(this::root).optional().map(this::withChildren);
    }

    private void appendSteps(Order order) {
        int seq = order.storedSteps();
        for (TimelineEntry entry : order.unstoredSteps()) {
            jdbc.sql("INSERT INTO order_step (order_id, seq, step, at, detail) VALUES (?, ?, ?, ?, ?)")
                    .params(order.id(), seq++, entry.step().name(), timestamp(entry.at()), entry.detail())
                    .update();
        }
    }

    private Root root(ResultSet rs, int row) throws SQLException {
        return new Root(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                OrderStatus.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("cancellation_reason"))
                        .map(CancellationReason::valueOf)
                        .orElse(null),
                new Money(rs.getLong("total_minor"), rs.getString("currency")),
                rs.getObject("payment_id", UUID.class),
                instant(rs, "deadline"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getLong("version"));
    }

    private record Root(
            UUID id,
            UUID userId,
            OrderStatus status,
            CancellationReason reason,
            Money total,
            UUID paymentId,
            Instant deadline,
            Instant createdAt,
            Instant updatedAt,
            long version) {}

    private Order withChildren(Root root) {
        List<OrderLine> lines = jdbc.sql("SELECT product_id, product_name, quantity, unit_price_minor, currency"
                        + " FROM order_line WHERE order_id = ? ORDER BY line_no")
                .param(root.id())
                .query((rs, n) -> new OrderLine(
                        rs.getObject("product_id", UUID.class),
                        rs.getString("product_name"),
                        rs.getInt("quantity"),
                        new Money(rs.getLong("unit_price_minor"), rs.getString("currency"))))
                .list();
        List<TimelineEntry> timeline = jdbc.sql(
                        "SELECT step, at, detail FROM order_step WHERE order_id = ? ORDER BY seq")
                .param(root.id())
                .query((rs, n) -> new TimelineEntry(
                        Step.valueOf(rs.getString("step")), instant(rs, "at"), rs.getString("detail")))
                .list();
        return Order.restore(
                root.id(),
                root.userId(),
                lines,
                root.total(),
                root.deadline(),
                root.createdAt(),
                root.status(),
                root.reason(),
                root.paymentId(),
                root.updatedAt(),
                root.version(),
                timeline);
    }

    private static String reason(Order order) {
        return order.cancellationReason() == null
                ? null
                : order.cancellationReason().name();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
