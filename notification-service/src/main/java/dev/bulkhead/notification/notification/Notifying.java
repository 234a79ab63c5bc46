package dev.bulkhead.notification.notification;

import dev.bulkhead.notification.recipient.AddressBook;
import dev.bulkhead.notification.recipient.Recipient;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records one notification per event, in the consuming listener's transaction: the listeners' dispatcher
 * claims the event id under {@link #CONSUMER} and the notification is inserted in the same commit (the
 * notification's own unique event id backs the claim). Nothing is mailed here — the mail sweep picks
 * the row up after the commit.
 */
@Service
class Notifying {

    static final String CONSUMER = "notification-service.notifications";
    private static final Logger log = LoggerFactory.getLogger(Notifying.class);

    private final Notifications notifications;
    private final AddressBook addressBook;
    private final Clock clock;

    Notifying(Notifications notifications, AddressBook addressBook, Clock clock) {
        this.notifications = notifications;
        this.addressBook = addressBook;
        this.clock = clock;
    }

    /**
     * Records the notification of an event whose id the caller has just claimed under {@link #CONSUMER}.
     *
     * @param message writes the text for the recipient, who is empty when no UserRegistered for the
     *     user has been seen
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void record(UUID eventId, UUID userId, Function<Optional<Recipient>, Message> message) {
        Optional<Recipient> recipient = addressBook.find(userId);
        Notification notification = Notification.record(eventId, userId, message.apply(recipient), clock.instant());
        if (!notifications.add(notification)) {
            log.warn("Event {} has a notification although its claim was new; kept the first", eventId);
            return;
        }
        if (recipient.isEmpty()) {
            log.info(
                    "Recorded {} notification {} for user {}, whose address is unknown (no UserRegistered seen):"
                            + " it is not mailed unless one arrives",
                    notification.kind(),
                    notification.id(),
                    userId);
        } else {
            log.info("Recorded {} notification {} for user {}", notification.kind(), notification.id(), userId);
        }
    }
}
