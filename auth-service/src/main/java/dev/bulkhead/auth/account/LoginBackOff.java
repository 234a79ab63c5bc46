package dev.bulkhead.auth.account;

import dev.bulkhead.resilience.Digests;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Exponential back-off per account after failed logins, in the database so that every instance
 * applies it. While an account backs off, its logins are refused before any password is hashed: a
 * guess costs the guesser a wait and auth-service nothing. The block is short and grows with each
 * failure ({@link LoginBackOffSettings}), so that whoever knows an address can delay its owner but
 * not lock them out; a successful login clears the count.
 */
@Component
class LoginBackOff {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final LoginBackOffSettings settings;

    LoginBackOff(JdbcClient jdbc, Clock clock, LoginBackOffSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** @throws TooManyFailedLogins while the account is backing off */
    void checkAllowed(String normalizedEmail) {
        Instant now = clock.instant();
        jdbc.sql("select blocked_until from login_failure where account_key = ?")
                .param(key(normalizedEmail))
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant)
                .filter(now::isBefore)
                .ifPresent(until -> {
                    throw new TooManyFailedLogins(Duration.between(now, until));
                });
    }

    /** Counts a failed login; past the free ones, the account backs off for twice as long as the last time. */
    void failed(String normalizedEmail) {
        Instant now = clock.instant();
        String key = key(normalizedEmail);
        int failures = jdbc.sql("""
                        insert into login_failure (account_key, failures, last_failed_at) values (:key, 1, :now)
                        on conflict (account_key) do update set
                            failures = case when login_failure.last_failed_at < :forgotten then 1
                                            else login_failure.failures + 1 end,
                            last_failed_at = :now
                        returning failures""")
                .param("key", key)
                .param("now", Timestamp.from(now))
                .param("forgotten", Timestamp.from(now.minus(settings.forgetAfter())))
                .query(Integer.class)
                .single();
        int beyondFree = failures - settings.freeFailures();
        if (beyondFree >= 0) {
            jdbc.sql("update login_failure set blocked_until = ? where account_key = ?")
                    .param(Timestamp.from(now.plus(block(beyondFree))))
                    .param(key)
                    .update();
        }
    }

    /** A login succeeded: the owner is back, the count starts again. */
    void succeeded(String normalizedEmail) {
        jdbc.sql("delete from login_failure where account_key = ?")
                .param(key(normalizedEmail))
                .update();
    }

    /** First block for the last free failure, doubled for each failure after it, never above the maximum. */
    Duration block(int failuresBeyondFree) {
        Duration block = settings.firstBlock();
        for (int i = 0; i < failuresBeyondFree && block.compareTo(settings.maxBlock()) < 0; i++) {
            block = block.multipliedBy(2);
        }
        return block.compareTo(settings.maxBlock()) > 0 ? settings.maxBlock() : block;
    }

    private static String key(String normalizedEmail) {
        return Digests.sha256Hex(normalizedEmail);
    }
}
