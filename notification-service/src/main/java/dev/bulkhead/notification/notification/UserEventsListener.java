package dev.bulkhead.notification.notification;

import dev.bulkhead.notification.recipient.AddressBook;
import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's only listener on user-events: keeps the address book (UserRegistered, UserUpdated)
 * and welcomes each new user. One listener per topic, because two in the same consumer group would
 * split the topic's partitions between them and each would miss the other's records.
 */
@Component
class UserEventsListener {

    private final AddressBook addressBook;
    private final Notifying notifying;
    private final JsonMapper json;

    UserEventsListener(AddressBook addressBook, Notifying notifying, JsonMapper json) {
        this.addressBook = addressBook;
        this.notifying = notifying;
        this.json = json;
    }

    @KafkaListener(topics = "user-events")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        addressBook.apply(event);
        if (event.is("UserRegistered")) {
            EventFields data = event.data();
            UUID userId = data.uuid("userId");
            String name = data.text("name");
            notifying.record(event.id(), userId, to -> Messages.welcome(to, name));
        }
    }
}
