package dev.bulkhead.user.registration;

import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import dev.bulkhead.resilience.consumer.ProcessedEvents;
import dev.bulkhead.user.profile.Profile;
import dev.bulkhead.user.profile.Profiles;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates a profile for every registered user, exactly once: the event id is claimed in the same
 * transaction that inserts the profile. Reads the envelope tolerantly (unknown fields ignored, other
 * event types on the topic skipped); what it cannot read goes to {@code user-events.DLT}.
 */
@Component
class UserRegisteredListener {

    static final String CONSUMER = "user-service.profiles";
    private static final Logger log = LoggerFactory.getLogger(UserRegisteredListener.class);

    private final Profiles profiles;
    private final ProcessedEvents processed;
    private final JsonMapper json;

    UserRegisteredListener(Profiles profiles, ProcessedEvents processed, JsonMapper json) {
        this.profiles = profiles;
        this.processed = processed;
        this.json = json;
    }

    @KafkaListener(topics = "user-events")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        if (!event.is("UserRegistered")) {
            return; // the topic also carries UserUpdated; not this consumer's business
        }
        EventFields data = event.data();
        UUID userId = data.uuid("userId");
        String email = data.text("email");
        String name = data.text("name");
        Instant registeredAt = data.has("registeredAt") ? data.instant("registeredAt") : event.time();
        if (!processed.claim(CONSUMER, event.id())) {
            log.debug("UserRegistered {} was applied already", event.id());
            return;
        }
        if (profiles.existsById(userId)) {
            return; // another event for the same registration: the profile is there
        }
        profiles.save(Profile.registered(userId, email, name, registeredAt));
        log.info("Created the profile of user {}", userId);
    }
}
