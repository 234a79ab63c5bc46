package dev.bulkhead.notification.recipient;

import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import dev.bulkhead.resilience.consumer.ProcessedEvents;
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
 * caller's transaction, so the topic's single listener can record its own effect in the same commit.
 */
@Service
public class AddressBook {

    static final String CONSUMER = "notification-service.recipients";
    private static final Logger log = LoggerFactory.getLogger(AddressBook.class);

    private final Recipients recipients;
    private final ProcessedEvents processed;

    AddressBook(Recipients recipients, ProcessedEvents processed) {
        this.recipients = recipients;
        this.processed = processed;
    }

    /** The recipient, once a UserRegistered for them has been seen. */
    @Transactional(readOnly = true)
    public Optional<Recipient> find(UUID userId) {
        return recipients.find(userId);
    }

    /**
     * Applies a user-events event; other types are ignored.
     *
     * @throws dev.bulkhead.resilience.consumer.MalformedEvent when a field it needs is unreadable
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void apply(IncomingEvent event) {
        if (event.is("UserRegistered")) {
            EventFields data = event.data();
            UUID userId = data.uuid("userId");
            String email = data.text("email");
            String name = data.text("name");
            Instant at = data.has("registeredAt") ? data.instant("registeredAt") : event.time();
            if (processed.claim(CONSUMER, event.id())) {
                recipients.registered(userId, email, name, at);
            }
        } else if (event.is("UserUpdated")) {
            EventFields data = event.data();
            UUID userId = data.uuid("userId");
            String name = data.text("name");
            Instant at = data.has("updatedAt") ? data.instant("updatedAt") : event.time();
            if (processed.claim(CONSUMER, event.id()) && !recipients.renamed(userId, name, at)) {
                // Without the UserRegistered there is no address to keep the name for.
                log.info("UserUpdated {} names user {}, whose UserRegistered has not been seen", event.id(), userId);
            }
        }
    }
}
