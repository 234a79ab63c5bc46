package dev.bulkhead.notification.notification;

import java.util.UUID;

/** No notification with this id for the caller: unknown, or another user's (the two look the same). */
public class NotificationNotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NotificationNotFound(UUID id) {
        super("No notification " + id);
    }
}
