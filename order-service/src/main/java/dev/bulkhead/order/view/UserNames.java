package dev.bulkhead.order.view;

import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the names of users for the order view, from user-events (UserRegistered by auth-service,
 * UserUpdated by user-service). Only the name is kept: the view needs nothing else of a user.
 */
@Component
class UserNames {

    static final String CONSUMER = "order-service.view.users";

    record UserRegistered(UUID userId, String name, Instant registeredAt) {}

    record UserUpdated(UUID userId, String name, Instant updatedAt) {}

    private final EventDispatcher dispatcher;

    UserNames(EventDispatchers dispatchers, OrderViews views) {
        this.dispatcher = dispatchers
                .forConsumer(CONSUMER)
                .on("UserRegistered", 1, UserRegistered.class, event -> {
                    UserRegistered user = event.data();
                    views.named(user.userId(), user.name(), user.registeredAt());
                })
                .on("UserUpdated", 1, UserUpdated.class, event -> {
                    UserUpdated user = event.data();
                    views.named(user.userId(), user.name(), user.updatedAt());
                })
                .build();
    }

    @KafkaListener(
            topics = "user-events",
            groupId = "${spring.kafka.consumer.group-id:${spring.application.name}}" + OrderProjection.GROUP_SUFFIX)
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
