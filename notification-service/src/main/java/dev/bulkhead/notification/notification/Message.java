package dev.bulkhead.notification.notification;

import java.util.Objects;

/** The words of a notification, the same in the API and in the e-mail. */
record Message(NotificationKind kind, String subject, String body) {

    Message {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(body);
    }
}
