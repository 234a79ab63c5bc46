package dev.bulkhead.user.registration;

import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import dev.bulkhead.resilience.consumer.ReceivedEvent;
import dev.bulkhead.user.profile.Profile;
import dev.bulkhead.user.profile.Profiles;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Creates a profile for every registered user, exactly once: the event id is claimed in the same
 * transaction that inserts the profile. Reads the envelope tolerantly (unknown fields ignored,
 * UserUpdated on the same topic skipped); what it cannot read goes to {@code user-events.DLT}.
 */
@Component
class UserRegisteredListener {

    static final String CONSUMER = "user-service.profiles";
    private static final Logger log = LoggerFactory.getLogger(UserRegisteredListener.class);

    /** @param registeredAt when absent, the envelope's time stands in */
    record UserRegistered(
            UUID userId,
            String email,
            String name,
            @Nullable Instant registeredAt) {}

    private final Profiles profiles;
    private final EventDispatcher dispatcher;

    UserRegisteredListener(EventDispatchers dispatchers, Profiles profiles) {
        this.profiles = profiles;
        this.dispatcher = dispatchers
                .forConsumer(CONSUMER)
                .on("UserRegistered", 1, UserRegistered.class, this::registered)
                .ignoring("UserUpdated") // user-service's own event; not this consumer's business
                .build();
    }

    @KafkaListener(topics = "user-events")
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }

    private void registered(ReceivedEvent<UserRegistered> event) {
        UserRegistered user = event.data();
        if (profiles.existsById(user.userId())) {
            return; // another event for the same registration: the profile is there
        }
        Instant registeredAt = user.registeredAt() != null ? user.registeredAt() : event.time();
        profiles.save(Profile.registered(user.userId(), user.email(), user.name(), registeredAt));
        log.info("Created the profile of user {}", user.userId());
    }
}
