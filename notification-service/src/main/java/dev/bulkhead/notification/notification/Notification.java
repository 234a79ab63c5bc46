package dev.bulkhead.notification.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One notification: what an event told a user, and how far its e-mail got. The text never changes
 * once recorded; delivery only moves forward, from RECORDED to SENT or FAILED, never back.
 */
public final class Notification {

    private final UUID id;
    private final UUID userId;
    private final UUID eventId;
    private final NotificationKind kind;
    private final String subject;
    private final String body;
    private final Instant createdAt;
    private Delivery delivery;
    private Instant sentAt;
    private int attempts;
    private Instant nextAttemptAt;
    private String lastError;

    Notification(
            UUID id,
            UUID userId,
            UUID eventId,
            NotificationKind kind,
            String subject,
            String body,
            Instant createdAt,
            Delivery delivery,
            Instant sentAt,
            int attempts,
            Instant nextAttemptAt,
            String lastError) {
        this.id = Objects.requireNonNull(id);
        this.userId = Objects.requireNonNull(userId);
        this.eventId = Objects.requireNonNull(eventId);
        this.kind = Objects.requireNonNull(kind);
        this.subject = Objects.requireNonNull(subject);
        this.body = Objects.requireNonNull(body);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.delivery = Objects.requireNonNull(delivery);
        this.sentAt = sentAt;
        this.attempts = attempts;
        this.nextAttemptAt = nextAttemptAt;
        this.lastError = lastError;
    }

    /** A new notification for {@code userId} about event {@code eventId}, due for mailing at once. */
    static Notification record(UUID eventId, UUID userId, Message message, Instant at) {
        return new Notification(
                UUID.randomUUID(),
                userId,
                eventId,
                message.kind(),
                message.subject(),
                message.body(),
                at,
                Delivery.RECORDED,
                null,
                0,
                at,
                null);
    }

    /** Whether its e-mail may still be sent. */
    public boolean pending() {
        return delivery == Delivery.RECORDED;
    }

    /** The SMTP server took the mail. */
    void sent(Instant at) {
        requirePending(Delivery.SENT);
        attempts++;
        delivery = Delivery.SENT;
        sentAt = at;
        nextAttemptAt = null;
        lastError = null;
    }

    /**
     * An attempt failed: try again after {@code retryIn}, or give up (FAILED) when this was the
     * {@code maxAttempts}-th.
     */
    void attemptFailed(String error, Instant at, int maxAttempts, Duration retryIn) {
        requirePending(Delivery.FAILED);
        attempts++;
        lastError = error;
        if (attempts >= maxAttempts) {
            delivery = Delivery.FAILED;
            nextAttemptAt = null;
        } else {
            nextAttemptAt = at.plus(retryIn);
        }
    }

    /** A failure no retry can fix (an address the server will never accept): FAILED at once. */
    void undeliverable(String error) {
        requirePending(Delivery.FAILED);
        attempts++;
        lastError = error;
        delivery = Delivery.FAILED;
        nextAttemptAt = null;
    }

    private void requirePending(Delivery next) {
        if (delivery != Delivery.RECORDED) {
            throw new IllegalStateException("notification " + id + " is " + delivery + ", it cannot become " + next);
        }
    }

    public UUID id() {
        return id;
    }

    public UUID userId() {
        return userId;
    }

    public UUID eventId() {
        return eventId;
    }

    public NotificationKind kind() {
        return kind;
    }

    public String subject() {
        return subject;
    }

    public String body() {
        return body;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Delivery delivery() {
        return delivery;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public int attempts() {
        return attempts;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public String lastError() {
        return lastError;
    }
}
