package dev.bulkhead.notification.notification;

/** Where a notification's e-mail stands. */
public enum Delivery {
    /** Stored and not (yet) mailed: no SMTP server configured, recipient unknown, or a retry pending. */
    RECORDED,
    /** Handed to the SMTP server. */
    SENT,
    /** Given up on after the last allowed attempt, or refused by a failure no retry can fix. */
    FAILED
}
