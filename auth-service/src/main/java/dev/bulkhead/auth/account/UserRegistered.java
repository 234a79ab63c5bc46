package dev.bulkhead.auth.account;

import java.time.Instant;
import java.util.UUID;

/** The {@code data} of a UserRegistered event, v1 (contracts/schemas/user-events/UserRegistered.v1.schema.json). */
record UserRegistered(UUID userId, String email, String name, Instant registeredAt) {

    static final String TOPIC = "user-events";
    static final String TYPE = "UserRegistered";
    static final int VERSION = 1;

    static UserRegistered of(Account account) {
        return new UserRegistered(account.id(), account.email(), account.name(), account.registeredAt());
    }
}
