package dev.bulkhead.user.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProfileTest {

    private static final Instant REGISTERED = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant LATER = REGISTERED.plusSeconds(60);

    private final Profile profile = Profile.registered(UUID.randomUUID(), "ada@example.com", "Ada", REGISTERED);

    @Test
    void changesOnlyWhatTheChangeNamesAndStampsTheTime() {
        boolean changed = profile.change(new ChangeProfile("Ada King", null), LATER);

        assertThat(changed).isTrue();
        assertThat(profile.name()).isEqualTo("Ada King");
        assertThat(profile.address()).isNull();
        assertThat(profile.updatedAt()).isEqualTo(LATER);
        assertThat(profile.email()).isEqualTo("ada@example.com");
    }

    @Test
    void reportsNoChangeWhenNothingDiffers() {
        boolean changed = profile.change(new ChangeProfile("Ada", null), LATER);

        assertThat(changed).isFalse();
        assertThat(profile.updatedAt()).isEqualTo(REGISTERED);
    }
}
