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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * Kafka delivers at least once, so every consumer must be idempotent, and one unreadable record must
 * not stop a partition. This re-publishes every event of a confirmed order exactly as it was, plus a
 * poison record on each topic, waits until every consumer group has read past them, and checks that
 * nothing happened twice and each group dead-lettered the poison.
 */
final class EventRedelivery {

    static final String BOOTSTRAP = "localhost:9092";
    static final List<String> TOPICS = List.of("user-events", "order-events", "inventory-events", "payment-events");
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

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

        var events = recordsKeyed(Set.of(orderId, paymentId, edsger.id().toString()));
        assertThat(events)
                .extracting(ConsumerRecord::topic)
                .contains("user-events", "order-events", "inventory-events", "payment-events");
        String poison = "{\"id\": \"not-even-json\"," + UUID.randomUUID();
        try (var producer = producer()) {
            for (var event : events) {
                var copy = new ProducerRecord<>(event.topic(), null, event.key(), event.value(), event.headers());
                producer.send(copy).get();
            }
            for (String topic : TOPICS) {
                producer.send(new ProducerRecord<>(topic, "poison", poison)).get();
            }
        }
        var consumers = awaitEveryGroupCaughtUp();

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
        for (String topic : TOPICS) {
            assertThat(deadLettered(topic + ".DLT", poison))
                    .as("groups that dead-lettered the poison on %s", topic)
                    .containsAll(consumers.get(topic));
        }
        var next = saga.placeAndAwait(edsger, order("tok_ok", PLENTIFUL, 1));
        assertThat(next.path("status").asString())
                .as("the saga goes on after the poison")
                .isEqualTo("CONFIRMED");
    }

    /** Every record on the saga's topics whose key is one of {@code keys}, in offset order per partition. */
    private static List<ConsumerRecord<String, String>> recordsKeyed(Set<String> keys) {
        var found = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = consumer()) {
            var partitions = new ArrayList<TopicPartition>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + CATCH_UP.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read the topics in time").isLessThan(deadline);
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(record.key())) found.add(record);
                }
            }
        }
        return found;
    }

    /**
     * Waits until each consumer group has committed offsets at the end of every partition it reads;
     * returns which groups read which topic.
     */
    private static Map<String, Set<String>> awaitEveryGroupCaughtUp() throws Exception {
        try (var admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            long deadline = System.nanoTime() + CATCH_UP.toNanos();
            while (true) {
                var readers = new HashMap<String, Set<String>>();
                var behind = new ArrayList<String>();
                var groups = admin.listConsumerGroups().all().get();
                for (var group : groups) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                            .partitionsToOffsetAndMetadata()
                            .get();
                    var ours = new HashMap<TopicPartition, OffsetSpec>();
                    committed.keySet().stream()
                            .filter(p -> TOPICS.contains(p.topic()))
                            .forEach(p -> ours.put(p, OffsetSpec.latest()));
                    if (ours.isEmpty()) continue;
                    var latest = admin.listOffsets(ours).all().get();
                    for (var partition : ours.keySet()) {
                        readers.computeIfAbsent(partition.topic(), t -> new HashSet<>())
                                .add(group.groupId());
                        var offset = committed.get(partition);
                        if (offset == null
                                || offset.offset() < latest.get(partition).offset()) {
                            behind.add(group.groupId() + "@" + partition);
                        }
                    }
                }
                if (behind.isEmpty()) return readers;
                assertThat(System.nanoTime())
                        .as("consumer groups still behind: %s", behind)
                        .isLessThan(deadline);
                Thread.sleep(250);
            }
        }
    }

    /** The consumer groups that sent {@code value} to {@code dlt} (Spring Kafka's recoverer names it in a header). */
    private static Set<String> deadLettered(String dlt, String value) {
        var groups = new HashSet<String>();
        try (var consumer = consumer()) {
            var partitions = consumer.partitionsFor(dlt).stream()
                    .map(p -> new TopicPartition(dlt, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + CATCH_UP.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (!value.equals(record.value())) continue;
                    var header = record.headers().lastHeader("kafka_dlt-original-consumer-group");
                    groups.add(header == null ? "?" : new String(header.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return groups;
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

    static KafkaConsumer<String, String> consumer() {
        var properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    static KafkaProducer<String, String> producer() {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }
}
