package dev.bulkhead.auth.revocation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Revoked access tokens until they expire: the source of truth every verifier polls (through
 * {@code /internal/v1/revocations}) and the resilience issue's cache sits in front of. A row is useless
 * once its token has expired, so expired rows are deleted as new ones arrive.
 */
@Service
public class Denylist {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Denylist(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Puts {@code jti} on the list until {@code expiresAt}; revoking twice is harmless. Once the
     * transaction commits, the revocation is also announced on Redis ({@link RevocationAnnouncements}).
     */
    @Transactional
    public void revoke(UUID jti, Instant expiresAt) {
        Instant now = clock.instant();
        if (!expiresAt.isAfter(now)) {
            return; // already refused by every verifier for its exp
        }
        jdbc.sql("INSERT INTO revoked_access_token (jti, expires_at, revoked_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (jti) DO NOTHING")
                .params(jti, Timestamp.from(expiresAt), Timestamp.from(now))
                .update();
        jdbc.sql("DELETE FROM revoked_access_token WHERE expires_at <= ?")
                .param(Timestamp.from(now))
                .update();
        events.publishEvent(new RevocationAnnouncements.AccessTokenRevoked(jti, expiresAt));
    }

    @Transactional(readOnly = true)
    public boolean isRevoked(UUID jti) {
        return jdbc.sql("SELECT count(*) FROM revoked_access_token WHERE jti = ? AND expires_at > ?")
                        .params(jti, Timestamp.from(clock.instant()))
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Revocations still in force, revoked at or after {@code since} (all of them when null). */
    @Transactional(readOnly = true)
    List<Revocation> active(Instant since, Instant now) {
        return jdbc.sql("SELECT jti, expires_at FROM revoked_access_token WHERE expires_at > ? AND revoked_at >= ?"
                        + " ORDER BY revoked_at")
                .params(Timestamp.from(now), Timestamp.from(since == null ? Instant.EPOCH : since))
                .query((rs, n) -> new Revocation(
                        rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()))
                .list();
    }

    record Revocation(UUID jti, Instant expiresAt) {}
}
