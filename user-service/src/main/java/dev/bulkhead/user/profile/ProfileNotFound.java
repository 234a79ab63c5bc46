package dev.bulkhead.user.profile;

import java.util.UUID;

/** No profile for this user (yet: it is created when auth-service's UserRegistered arrives). */
public class ProfileNotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ProfileNotFound(UUID userId) {
        super("No profile for user " + userId);
    }
}
