package dev.bulkhead.auth.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefreshFamilyTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Duration LIFETIME = Duration.ofDays(14);

    @Test
    void rotationSpendsTheCurrentTokenAndExtendsTheFamily() {
        RefreshFamily family = RefreshFamily.start(UUID.randomUUID(), "h1", NOW, LIFETIME);

        String spent = family.rotate("h2", NOW.plus(Duration.ofDays(13)), LIFETIME);
        String spentAgain = family.rotate("h3", NOW.plus(Duration.ofDays(26)), LIFETIME);

        assertThat(spent).isEqualTo("h1");
        assertThat(spentAgain).isEqualTo("h2");
    }

    @Test
    void aRevokedFamilyNoLongerRotates() {
        RefreshFamily family = RefreshFamily.start(UUID.randomUUID(), "h1", NOW, LIFETIME);
        family.revoke(RefreshFamily.RevokedBecause.REUSE, NOW);

        assertThatThrownBy(() -> family.rotate("h2", NOW, LIFETIME)).isInstanceOf(RefreshTokenRejected.class);
        assertThat(family.isRevoked()).isTrue();
    }

    @Test
    void anExpiredFamilyNoLongerRotates() {
        RefreshFamily family = RefreshFamily.start(UUID.randomUUID(), "h1", NOW, LIFETIME);

        assertThatThrownBy(() -> family.rotate("h2", NOW.plus(LIFETIME), LIFETIME))
                .isInstanceOf(RefreshTokenRejected.class)
                .hasMessageContaining("expired");
    }

    @Test
    void storesOnlyTheSha256OfAToken() {
        assertThat(RefreshTokens.hash("token")).hasSize(64).matches("[0-9a-f]+").isNotEqualTo("token");
    }
}
