package dev.bulkhead.notification.recipient;

import java.util.Objects;
import java.util.UUID;

/** A user as notifications address them. */
public record Recipient(UUID userId, String email, String name) {

    public Recipient {
        Objects.requireNonNull(userId);
        Objects.requireNonNull(email);
        Objects.requireNonNull(name);
    }
}
