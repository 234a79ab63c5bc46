package dev.bulkhead.auth.refresh;

import dev.bulkhead.resilience.retention.Retention;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A refresh family past its expiry can no longer be refreshed, so neither it nor its spent tokens (the
 * reuse detection) are needed: resilience-lib's sweep deletes it a day later, its spent tokens with it.
 * The day keeps a just-expired family for the investigation of a reuse reported at the last minute.
 */
@Configuration(proxyBeanMethods = false)
class RefreshRetention {

    static final Duration AFTER_EXPIRY = Duration.ofDays(1);

    @Bean
    Retention expiredRefreshFamilies() {
        return new Retention("refresh_family", "expires_at", AFTER_EXPIRY);
    }
}
