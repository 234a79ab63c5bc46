package dev.bulkhead.systemtests;

import static dev.bulkhead.systemtests.OrderSaga.PLENTIFUL;
import static dev.bulkhead.systemtests.OrderSaga.order;
import static dev.bulkhead.systemtests.OrderSaga.steps;
import static dev.bulkhead.systemtests.OrderSaga.total;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

/**
 * Kafka delivers at least once, so every consumer must be idempotent, and one unreadable record must
 * not stop a partition. This re-publishes every event of a confirmed order exactly as it was, plus a
 * poison record on each topic, waits until every consumer group has read past them, and checks that
 * nothing happened twice and each group dead-lettered the poison.
 */
final class EventRedelivery {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final EventLog events = new EventLog("localhost:9092", CATCH_UP);

    private final Gateway gateway;
    private final OrderSaga saga;

    EventRedelivery(Gateway gateway, OrderSaga saga) {
        this.gateway = gateway;
        this.saga = saga;
    }

    void appliesEveryRedeliveredEventOnce() throws Exception {
        var edsger = gateway.newUser("Edsger Dijkstra");
        var confirmed = saga.placeAndAwait(edsger, order("tok_ok", PLENTIFUL, 1));
        assertThat(confirmed.path("status").asString()).isEqualTo("CONFIRMED");
        String orderId = confirmed.path("id").asString();
        var payments = saga.settledPayments(edsger, orderId);
        String paymentId = payments.getFirst().path("id").asString();
        var notifications = gateway.await(
                "/api/v1/notifications",
                edsger,
                OrderSaga.SAGA,
                // WELCOME comes from user-events, which nothing orders against order-events: wait for both,
                // or a late welcome would read as a duplicate below.
                answer -> answer.status() == 200
                        && answer.raw().body().contains("ORDER_CONFIRMED")
                        && answer.raw().body().contains("WELCOME"));
        int notificationsBefore = notifications.json().path("items").size();
        int stockBefore = saga.stock(PLENTIFUL);

        var keys = Set.of(orderId, paymentId, edsger.id().toString());
        var redelivered = events.records(record -> keys.contains(record.key()));
        assertThat(redelivered)
                .extracting(ConsumerRecord::topic)
                .contains("user-events", "order-events", "inventory-events", "payment-events");
        String poison = "{\"id\": \"not-even-json\"," + UUID.randomUUID();
        events.republish(redelivered);
        for (String topic : EventLog.TOPICS) {
            events.send(topic, "poison", poison);
        }
        var consumers = events.awaitEveryGroupCaughtUp();

        var after = gateway.get("/api/v1/orders/" + orderId, edsger).expect(200).json();
        assertThat(after.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(steps(after)).isEqualTo(steps(confirmed));
        assertThat(saga.stock(PLENTIFUL)).as("stock taken once").isEqualTo(stockBefore);
        assertThat(saga.settledPayments(edsger, orderId)).hasSize(1);
        assertThat(saga.netCharged(edsger, orderId)).isEqualByComparingTo(total(confirmed));
        assertThat(chargesSeenByTheProvider(orderId))
                .as("charge requests for the order")
                .isOne();
        assertThat(gateway.get("/api/v1/notifications", edsger)
                        .json()
                        .path("items")
                        .size())
                .as("one notification per event")
                .isEqualTo(notificationsBefore);
        for (String topic : EventLog.TOPICS) {
            assertThat(events.deadLettered(topic + ".DLT", poison))
                    .as("groups that dead-lettered the poison on %s", topic)
                    .containsAll(consumers.get(topic));
        }
        var next = saga.placeAndAwait(edsger, order("tok_ok", PLENTIFUL, 1));
        assertThat(next.path("status").asString())
                .as("the saga goes on after the poison")
                .isEqualTo("CONFIRMED");
    }

    private static int chargesSeenByTheProvider(String orderId) throws Exception {
        var query = """
                {"method": "POST", "urlPath": "/v1/charges", "headers": {"Idempotency-Key": {"equalTo": "%s"}}}
                """.formatted(orderId);
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:8090/__admin/requests/count"))
                                .POST(HttpRequest.BodyPublishers.ofString(query))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode count = Gateway.JSON.readTree(response.body());
        return count.path("count").asInt();
    }
}
