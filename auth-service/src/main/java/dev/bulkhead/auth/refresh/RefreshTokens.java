package dev.bulkhead.auth.refresh;

import dev.bulkhead.resilience.Digests;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Use cases on refresh tokens: start a family at login, rotate on refresh, revoke at logout or on reuse.
 * Tokens are 256 random bits, base64url; only their SHA-256 is stored (a database leak gives no usable
 * token, and a fast hash is enough for a secret with 256 bits of entropy).
 */
@Service
public class RefreshTokens {

    static final int TOKEN_BYTES = 32;

    private final RefreshFamilies families;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    RefreshTokens(
            RefreshFamilies families,
            Clock clock,
            @Value("${bulkhead.auth.tokens.refresh-token-lifetime:14d}") Duration lifetime) {
        this.families = families;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    @Transactional
    public Rotation start(UUID accountId) {
        String token = newToken();
        families.save(RefreshFamily.start(accountId, hash(token), clock.instant(), lifetime));
        return new Rotation(accountId, token);
    }

    /**
     * Exchanges the current token of a family for a new one.
     *
     * @throws RefreshTokenReused when the token was already rotated (the family is revoked, and that
     *     revocation commits although the call fails)
     * @throws RefreshTokenRejected when it is unknown, expired or its family revoked
     */
    @Transactional(noRollbackFor = RefreshTokenReused.class)
    public Rotation rotate(String presented) {
        String presentedHash = hash(presented);
        Instant now = clock.instant();
        Optional<RefreshFamily> current = families.findByCurrentTokenHash(presentedHash);
        if (current.isEmpty()) {
            RefreshFamily reused = families.findBySpentTokenHash(presentedHash)
                    .orElseThrow(() -> new RefreshTokenRejected("unknown token"));
            reused.revoke(RefreshFamily.RevokedBecause.REUSE, now);
            families.save(reused);
            throw new RefreshTokenReused();
        }
        RefreshFamily family = current.get();
        String next = newToken();
        String spent = family.rotate(hash(next), now, lifetime);
        try {
            families.save(family);
        } catch (OptimisticLockingFailureException e) {
            throw new RefreshTokenRejected("it was used concurrently");
        }
        families.spend(spent, family.id(), now);
        return new Rotation(family.accountId(), next);
    }

    /** Logout: revokes the family of {@code presented} if it belongs to {@code owner}; unknown tokens are ignored. */
    @Transactional
    public void revokeFamily(String presented, UUID owner) {
        String presentedHash = hash(presented);
        families.findByCurrentTokenHash(presentedHash)
                .or(() -> families.findBySpentTokenHash(presentedHash))
                .filter(family -> family.accountId().equals(owner))
                .ifPresent(family -> {
                    family.revoke(RefreshFamily.RevokedBecause.LOGOUT, clock.instant());
                    families.save(family);
                });
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        return Digests.sha256Hex(token);
    }
}
