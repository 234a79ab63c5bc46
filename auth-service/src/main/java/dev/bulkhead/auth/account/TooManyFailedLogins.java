package dev.bulkhead.auth.account;

import java.time.Duration;

/** The account is backing off after failed logins: no password is checked until {@link #retryAfter()}. */
public class TooManyFailedLogins extends RuntimeException {

    private final Duration retryAfter;

    TooManyFailedLogins(Duration retryAfter) {
        super("Too many failed logins for this account; retry later");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
