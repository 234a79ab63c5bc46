package dev.bulkhead.notification.notification;

import dev.bulkhead.notification.recipient.AddressBook;
import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The service's only listener on user-events: keeps the address book (UserRegistered, UserUpdated)
 * and welcomes each new user. One listener per topic, because two in the same consumer group would
 * split the topic's partitions between them and each would miss the other's records. The address book
 * and the welcome are two effects with their own claims, applied in that order in one transaction, so
 * the welcome already finds the new address.
 */
@Component
class UserEventsListener {

    /** @param registeredAt when absent, the envelope's time stands in */
    record UserRegistered(
            UUID userId,
            String email,
            String name,
            @Nullable Instant registeredAt) {}

    /** @param updatedAt when absent, the envelope's time stands in */
    record UserUpdated(UUID userId, String name, @Nullable Instant updatedAt) {}

    private final EventDispatcher dispatcher;

    UserEventsListener(EventDispatchers dispatchers, AddressBook addressBook, Notifying notifying) {
        this.dispatcher = dispatchers
                .forConsumer(AddressBook.CONSUMER)
                .on("UserRegistered", 1, UserRegistered.class, event -> {
                    UserRegistered user = event.data();
                    Instant at = user.registeredAt() != null ? user.registeredAt() : event.time();
                    addressBook.registered(user.userId(), user.email(), user.name(), at);
                })
                .on("UserUpdated", 1, UserUpdated.class, event -> {
                    UserUpdated user = event.data();
                    Instant at = user.updatedAt() != null ? user.updatedAt() : event.time();
                    addressBook.renamed(event.id(), user.userId(), user.name(), at);
                })
                .and(Notifying.CONSUMER)
                .on(
                        "UserRegistered",
                        1,
                        UserRegistered.class,
                        event -> notifying.record(
                                event.id(),
                                event.data().userId(),
                                to -> Messages.welcome(to, event.data().name())))
                .build();
    }

    @KafkaListener(topics = "user-events")
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
