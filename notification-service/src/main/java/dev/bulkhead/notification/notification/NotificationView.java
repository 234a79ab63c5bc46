package dev.bulkhead.notification.notification;

import java.time.Instant;
import java.util.UUID;

/** A notification as its owner sees it over HTTP. */
record NotificationView(
        UUID id, NotificationKind kind, String subject, String body, Instant createdAt, Delivery delivery) {

    static NotificationView of(Notification notification) {
        return new NotificationView(
                notification.id(),
                notification.kind(),
                notification.subject(),
                notification.body(),
                notification.createdAt(),
                notification.delivery());
    }
}
