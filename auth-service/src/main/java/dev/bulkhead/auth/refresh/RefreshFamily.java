package dev.bulkhead.auth.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The aggregate: the chain of refresh tokens one login started. Only its current token refreshes; a
 * rotated (spent) token presented again means it leaked, and the whole family is revoked.
 */
@Table("refresh_family")
class RefreshFamily {

    enum RevokedBecause {
        LOGOUT,
        REUSE
    }

    @Id
    private final UUID id;

    private final UUID accountId;
    private String currentTokenHash;
    private final Instant createdAt;
    private Instant expiresAt;
    private Instant revokedAt;
    private RevokedBecause revokedBecause;

    @Version
    private Long version;

    @PersistenceCreator
    RefreshFamily(
            UUID id,
            UUID accountId,
            String currentTokenHash,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            RevokedBecause revokedBecause,
            Long version) {
        this.id = id;
        this.accountId = accountId;
        this.currentTokenHash = currentTokenHash;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.revokedAt = revokedAt;
        this.revokedBecause = revokedBecause;
        this.version = version;
    }

    static RefreshFamily start(UUID accountId, String tokenHash, Instant now, Duration lifetime) {
        return new RefreshFamily(UUID.randomUUID(), accountId, tokenHash, now, now.plus(lifetime), null, null, null);
    }

    /**
     * Replaces the current token by the next one.
     *
     * @return the hash of the token that is now spent
     * @throws RefreshTokenRejected when the family is revoked or expired
     */
    String rotate(String nextTokenHash, Instant now, Duration lifetime) {
        if (revokedAt != null) {
            throw new RefreshTokenRejected("the session was revoked");
        }
        if (!now.isBefore(expiresAt)) {
            throw new RefreshTokenRejected("the refresh token has expired");
        }
        String spent = currentTokenHash;
        currentTokenHash = nextTokenHash;
        expiresAt = now.plus(lifetime);
        return spent;
    }

    void revoke(RevokedBecause reason, Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
            revokedBecause = reason;
        }
    }

    UUID id() {
        return id;
    }

    UUID accountId() {
        return accountId;
    }

    boolean isRevoked() {
        return revokedAt != null;
    }
}
