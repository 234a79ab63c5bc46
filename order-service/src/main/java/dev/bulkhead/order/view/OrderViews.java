package dev.bulkhead.order.view;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code order_view} and {@code user_name} tables: written by the projection, read by the list. */
@Repository
class OrderViews {

    /** The first key of the two-key advisory lock, so these locks never meet the outbox relay's. */
    private static final int USER_LOCK_SPACE = 0x0B11_0E57;

    private final JdbcClient jdbc;

    OrderViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new order; its user's name if the view has it already (else UserRegistered fills it in later). */
    void created(
            UUID orderId,
            UUID userId,
            long totalMinor,
            String currency,
            String itemSummary,
            int itemCount,
            Instant createdAt) {
        lockUser(userId);
        jdbc.sql("INSERT INTO order_view (order_id, user_id, user_name, status, total_minor, currency, item_summary,"
                        + " item_count, created_at, updated_at)"
                        + " VALUES (?, ?, (SELECT name FROM user_name WHERE user_id = ?), 'PENDING', ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (order_id) DO NOTHING")
                .params(
                        orderId,
                        userId,
                        userId,
                        totalMinor,
                        currency,
                        itemSummary,
                        itemCount,
                        timestamp(createdAt),
                        timestamp(createdAt))
                .update();
    }

    /**
     * A final status. Only a PENDING row changes: the saga ends once, and a redelivered or reordered
     * event must not move a final state.
     *
     * @return whether a row changed
     */
    boolean ended(UUID orderId, String status, String reason, Instant at) {
        return jdbc.sql("UPDATE order_view SET status = ?, cancellation_reason = ?, updated_at = ?"
                                + " WHERE order_id = ? AND status = 'PENDING'")
                        .params(status, reason, timestamp(at), orderId)
                        .update()
                == 1;
    }

    boolean exists(UUID orderId) {
        return jdbc.sql("SELECT count(*) FROM order_view WHERE order_id = ?")
                        .param(orderId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * The user's current name, unless the view already has a newer one (UserRegistered and UserUpdated
     * may arrive out of order across partitions and replays); copied to the user's orders.
     */
    void named(UUID userId, String name, Instant at) {
        lockUser(userId);
        int changed = jdbc.sql("INSERT INTO user_name (user_id, name, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at"
                        + " WHERE user_name.updated_at <= excluded.updated_at")
                .params(userId, name, timestamp(at))
                .update();
        if (changed > 0) {
            jdbc.sql("UPDATE order_view SET user_name = ? WHERE user_id = ?")
                    .params(name, userId)
                    .update();
        }
    }

    /**
     * Serialises a user's two writers. OrderCreated and UserRegistered arrive on different topics and
     * threads: without this, an order inserted while the name is being written sees no name, and the
     * name's update sees no order — both commit and the view never learns the name. Holding one lock per
     * user until commit makes the later of the two see the other's row (each statement at READ
     * COMMITTED reads what committed before it started).
     */
    private void lockUser(UUID userId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?, ?)")
                .params(USER_LOCK_SPACE, userId.hashCode())
                .query((rs, row) -> 0)
                .list();
    }

    List<OrderSummary> newestOf(UUID userId, int limit, int offset) {
        return jdbc.sql("SELECT order_id, user_name, status, cancellation_reason, total_minor, currency, item_summary,"
                        + " item_count, created_at, updated_at FROM order_view WHERE user_id = ?"
                        + " ORDER BY created_at DESC, order_id DESC LIMIT ? OFFSET ?")
                .params(userId, limit, offset)
                .query(OrderViews::summary)
                .list();
    }

    long countOf(UUID userId) {
        return jdbc.sql("SELECT count(*) FROM order_view WHERE user_id = ?")
                .param(userId)
                .query(Long.class)
                .single();
    }

    private static OrderSummary summary(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency");
        BigDecimal amount = BigDecimal.valueOf(
                rs.getLong("total_minor"),
                Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0));
        return new OrderSummary(
                rs.getObject("order_id", UUID.class),
                rs.getString("user_name"),
                rs.getString("status"),
                rs.getString("cancellation_reason"),
                new OrderSummary.Total(amount.toPlainString(), currency),
                rs.getString("item_summary"),
                rs.getInt("item_count"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
