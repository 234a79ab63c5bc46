package dev.bulkhead.notification.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The delivery side of notifications, for whatever mails them: take the due ones, then report each
 * outcome. Each call is its own short transaction, so no database connection or row lock is held
 * while a mail server is being talked to.
 */
@Service
public class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final Notifications notifications;
    private final Clock clock;

    Deliveries(Notifications notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * Up to {@code limit} pending notifications whose recipient is known, leased for {@code lease}:
     * report each one's outcome within it, or it becomes due again.
     */
    @Transactional
    public List<Notification> leaseDue(int limit, Duration lease) {
        Instant now = clock.instant();
        return notifications.leaseDue(now, now.plus(lease), limit);
    }

    /** The mail was handed to the SMTP server. */
    @Transactional
    public void sent(UUID id) {
        Instant now = clock.instant();
        settle(id, notification -> notification.sent(now));
    }

    /** The attempt failed; the notification stays stored and is retried, up to {@code maxAttempts} attempts. */
    @Transactional
    public void failed(UUID id, String error, int maxAttempts, Duration retryIn) {
        Instant now = clock.instant();
        settle(id, notification -> notification.attemptFailed(error, now, maxAttempts, retryIn));
    }

    /** The mail can never be sent (e.g. an address the server refuses to parse): FAILED, not retried. */
    @Transactional
    public void undeliverable(UUID id, String error) {
        settle(id, notification -> notification.undeliverable(error));
    }

    private void settle(UUID id, Consumer<Notification> outcome) {
        var found = notifications.lock(id);
        if (found.isEmpty() || !found.get().pending()) {
            // Its lease ran out and another sweep settled it meanwhile; the first outcome stands.
            log.info("Notification {} was settled already; ignoring a late outcome", id);
            return;
        }
        Notification notification = found.get();
        outcome.accept(notification);
        notifications.saveDelivery(notification);
    }
}
