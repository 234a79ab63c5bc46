package dev.bulkhead.user.profile;

import java.time.Instant;
import java.util.UUID;

/** A profile as its owner sees it over HTTP (never the aggregate itself). */
record ProfileView(UUID id, String email, String name, Address address, Instant registeredAt, Instant updatedAt) {

    static ProfileView of(Profile profile) {
        return new ProfileView(
                profile.id(),
                profile.email(),
                profile.name(),
                profile.address(),
                profile.registeredAt(),
                profile.updatedAt());
    }
}
