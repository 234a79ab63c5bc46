package dev.bulkhead.order.view;

import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import dev.bulkhead.resilience.consumer.ProcessedEvents;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the names of users for the order view, from user-events (UserRegistered by auth-service,
 * UserUpdated by user-service). Only the name is kept: the view needs nothing else of a user.
 */
@Component
class UserNames {

    static final String CONSUMER = "order-service.view.users";

    private final OrderViews views;
    private final ProcessedEvents processed;
    private final JsonMapper json;

    UserNames(OrderViews views, ProcessedEvents processed, JsonMapper json) {
        this.views = views;
        this.processed = processed;
        this.json = json;
    }

    @KafkaListener(
            topics = "user-events",
            groupId = "${spring.kafka.consumer.group-id:${spring.application.name}}" + OrderProjection.GROUP_SUFFIX)
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        if (!event.is("UserRegistered") && !event.is("UserUpdated")) {
            return;
        }
        EventFields data = event.data();
        UUID userId = data.uuid("userId");
        String name = data.text("name");
        Instant at = event.is("UserRegistered") ? data.instant("registeredAt") : data.instant("updatedAt");
        if (processed.claim(CONSUMER, event.id())) {
            views.named(userId, name, at);
        }
    }
}
