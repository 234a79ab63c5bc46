package dev.bulkhead.notification.recipient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where recipients are kept. Every write carries the time of the event behind it and only ever moves
 * a row forward in time, so replays and late arrivals cannot undo a newer change.
 */
@Repository
class Recipients {

    private final JdbcClient jdbc;

    Recipients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Recipient> find(UUID userId) {
        return jdbc.sql("SELECT user_id, email, name FROM recipient WHERE user_id = ?")
                .param(userId)
                .query((row, number) -> new Recipient(
                        row.getObject("user_id", UUID.class), row.getString("email"), row.getString("name")))
                .optional();
    }

    void registered(UUID userId, String email, String name, Instant at) {
        jdbc.sql("""
                        INSERT INTO recipient (user_id, email, name, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (user_id) DO UPDATE
                            SET email = EXCLUDED.email, name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
                            WHERE recipient.updated_at < EXCLUDED.updated_at""").params(userId, email, name, Timestamp.from(at)).update();
    }

    /** @return whether the user is known (the name may still be unchanged when the event was older) */
    boolean renamed(UUID userId, String name, Instant at) {
        int changed = jdbc.sql("UPDATE recipient SET name = ?, updated_at = ? WHERE user_id = ? AND updated_at <= ?")
                .params(name, Timestamp.from(at), userId, Timestamp.from(at))
                .update();
        return changed > 0 || find(userId).isPresent();
    }
}
