package dev.bulkhead.order.order;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The Idempotency-Keys each caller has used, with the fingerprint of the request and the order it made. */
@Repository
class IdempotencyKeys {

    record Used(String requestHash, UUID orderId) {}

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Used> find(UUID userId, IdempotencyKey key) {
        return jdbc.sql("SELECT request_hash, order_id FROM idempotency_key WHERE user_id = ? AND idempotency_key = ?")
                .params(userId, key.value())
                .query((rs, n) -> new Used(rs.getString("request_hash"), rs.getObject("order_id", UUID.class)))
                .optional();
    }

    /**
     * Records that {@code key} makes {@code orderId}. When a concurrent transaction holds the same key,
     * the insert waits for it: if it commits, this returns {@code false} and the key is theirs.
     *
     * @return whether this call took the key
     */
    boolean claim(UUID userId, IdempotencyKey key, String requestHash, UUID orderId, Instant at) {
        return jdbc.sql("INSERT INTO idempotency_key (user_id, idempotency_key, request_hash, order_id, created_at)"
                                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(userId, key.value(), requestHash, orderId, Orders.timestamp(at))
                        .update()
                == 1;
    }
}
