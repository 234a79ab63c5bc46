package dev.bulkhead.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MailSettingsTest {

    private final MailSettings settings = new MailSettings(
            "notifications@bulkhead.dev",
            Duration.ofSeconds(1),
            10,
            Duration.ofMinutes(5),
            10,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    @Test
    void doublesTheWaitAfterEachFailureUpToTheCap() {
        assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoffAfter(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.backoffAfter(4)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.backoffAfter(50)).isEqualTo(Duration.ofSeconds(30));
    }
}
