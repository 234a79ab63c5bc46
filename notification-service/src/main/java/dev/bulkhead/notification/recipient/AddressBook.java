package dev.bulkhead.notification.recipient;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The recipients as user-events describe them: UserRegistered brings address and name, UserUpdated a
 * new name (it carries no e-mail: auth-service owns the address). Applied once per event, in the
 * caller's transaction: the topic's single listener claims the event under {@link #CONSUMER} and records
 * its own effect in the same commit.
 */
@Service
public class AddressBook {

    /** The claim name of the address book's effect of a user-events event. */
    public static final String CONSUMER = "notification-service.recipients";

    private static final Logger log = LoggerFactory.getLogger(AddressBook.class);

    private final Recipients recipients;

    AddressBook(Recipients recipients) {
        this.recipients = recipients;
    }

    /** The recipient, once a UserRegistered for them has been seen. */
    @Transactional(readOnly = true)
    public Optional<Recipient> find(UUID userId) {
        return recipients.find(userId);
    }

    /** A UserRegistered, claimed by the caller under {@link #CONSUMER}: address and name. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void registered(UUID userId, String email, String name, Instant at) {
        recipients.registered(userId, email, name, at);
    }

    /** A UserUpdated, claimed by the caller under {@link #CONSUMER}: a new name. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void renamed(UUID eventId, UUID userId, String name, Instant at) {
        if (!recipients.renamed(userId, name, at)) {
            // Without the UserRegistered there is no address to keep the name for.
            log.info("UserUpdated {} names user {}, whose UserRegistered has not been seen", eventId, userId);
        }
    }
}
