package dev.bulkhead.notification.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Where notifications are kept. */
@Repository
class Notifications {

    private static final String COLUMNS = "id, user_id, event_id, kind, subject, body, created_at, delivery, sent_at,"
            + " attempts, next_attempt_at, last_error";

    private final JdbcClient jdbc;

    Notifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when a notification for the same event is there already (the unique event id) */
    boolean add(Notification notification) {
        return jdbc.sql("INSERT INTO notification (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (event_id) DO NOTHING")
                        .params(
                                notification.id(),
                                notification.userId(),
                                notification.eventId(),
                                notification.kind().name(),
                                notification.subject(),
                                notification.body(),
                                timestamp(notification.createdAt()),
                                notification.delivery().name(),
                                timestamp(notification.sentAt()),
                                notification.attempts(),
                                timestamp(notification.nextAttemptAt()),
                                notification.lastError())
                        .update()
                == 1;
    }

    Optional<Notification> findOwned(UUID id, UUID userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notification WHERE id = ? AND user_id = ?")
                .params(id, userId)
                .query(Notifications::map)
                .optional();
    }

    List<Notification> newestOf(UUID userId, int limit, long offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notification WHERE user_id = ?"
                        + " ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?")
                .params(userId, limit, offset)
                .query(Notifications::map)
                .list();
    }

    long countOf(UUID userId) {
        return jdbc.sql("SELECT count(*) FROM notification WHERE user_id = ?")
                .param(userId)
                .query(Long.class)
                .single();
    }

    /**
     * Takes up to {@code limit} notifications that are due for mailing and whose recipient is known,
     * and leases them until {@code until}: no other sweep takes them meanwhile (SKIP LOCKED while
     * choosing, the lease afterwards), yet a sweep that dies mid-way only delays them.
     */
    List<Notification> leaseDue(Instant now, Instant until, int limit) {
        return jdbc.sql("""
                        UPDATE notification SET next_attempt_at = ?
                        WHERE id IN (
                            SELECT n.id FROM notification n
                            WHERE n.delivery = 'RECORDED' AND n.next_attempt_at <= ?
                              AND EXISTS (SELECT 1 FROM recipient r WHERE r.user_id = n.user_id)
                            ORDER BY n.next_attempt_at
                            LIMIT ?
                            FOR UPDATE SKIP LOCKED)
                        RETURNING\s""" + COLUMNS)
                .params(timestamp(until), timestamp(now), limit)
                .query(Notifications::map)
                .list();
    }

    Optional<Notification> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notification WHERE id = ? FOR UPDATE")
                .param(id)
                .query(Notifications::map)
                .optional();
    }

    void saveDelivery(Notification notification) {
        jdbc.sql("UPDATE notification SET delivery = ?, sent_at = ?, attempts = ?, next_attempt_at = ?, last_error = ?"
                        + " WHERE id = ?")
                .params(
                        notification.delivery().name(),
                        timestamp(notification.sentAt()),
                        notification.attempts(),
                        timestamp(notification.nextAttemptAt()),
                        notification.lastError(),
                        notification.id())
                .update();
    }

    private static Notification map(ResultSet row, int number) throws SQLException {
        return new Notification(
                row.getObject("id", UUID.class),
                row.getObject("user_id", UUID.class),
                row.getObject("event_id", UUID.class),
                NotificationKind.valueOf(row.getString("kind")),
                row.getString("subject"),
                row.getString("body"),
                instant(row.getTimestamp("created_at")),
                Delivery.valueOf(row.getString("delivery")),
                instant(row.getTimestamp("sent_at")),
                row.getInt("attempts"),
                instant(row.getTimestamp("next_attempt_at")),
                row.getString("last_error"));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
