package dev.bulkhead.auth.account;

import java.time.Duration;

/** Every password-hashing slot stayed taken for too long: the bulkhead in front of Argon2id is full. */
public class PasswordHashingBusy extends RuntimeException {

    private final Duration retryAfter;

    PasswordHashingBusy(Duration retryAfter) {
        super("Too many logins and registrations at once; try again shortly");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
