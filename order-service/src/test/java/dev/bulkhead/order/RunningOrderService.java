package dev.bulkhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RunningService;
import dev.bulkhead.testsupport.Topics;
import dev.bulkhead.testsupport.contracts.EventContracts;
import dev.bulkhead.testsupport.http.Eventually;
import dev.bulkhead.testsupport.http.TestHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * order-service as it runs, against real Postgres and Kafka, with a stand-in auth-service for tokens
 * and a stand-in inventory-service for prices, plus what its tests keep needing: placing and reading
 * orders over HTTP, and sending events built from the contracts' examples.
 *
 * <p>The integration tests extending this share one application context (same configuration), which
 * saves a start-up per class. Its consumer groups get a unique name: the test broker is shared by
 * every context of the JVM, and listeners of another cached context in the same group would take
 * this context's partitions. The stand-ins live as long as the JVM, like the cached context that
 * points at them.
 */
abstract class RunningOrderService extends RunningService {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final JsonMapper JSON = TestHttp.JSON;
    static final InventoryStandIn inventory = InventoryStandIn.start();
    static final EventContracts contracts = EventContracts.ofRepository();

    static final UUID KEYBOARD = inventory.product("Mechanical keyboard", "89.00", "EUR");
    static final UUID MOUSE = inventory.product("Wireless mouse", "24.50", "EUR");

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        registry.add("bulkhead.services.inventory", inventory::baseUrl);
        // Drawn once per context (a supplier is asked on every lookup and would draw a new one each time).
        String consumerGroup = "order-service-test-" + UUID.randomUUID();
        registry.add("spring.kafka.consumer.group-id", () -> consumerGroup);
    }

    // --- HTTP -------------------------------------------------------------------------------

    static String body(String paymentToken, Object... productAndQuantity) {
        ObjectNode body = JSON.createObjectNode();
        var items = body.putArray("items");
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            items.addObject().put("productId", productAndQuantity[i].toString()).put("quantity", (Integer)
                    productAndQuantity[i + 1]);
        }
        body.put("paymentToken", paymentToken);
        return body.toString();
    }

    HttpResponse<String> post(UUID user, String idempotencyKey, String body) {
        HttpRequest.Builder request = http().request("/api/v1/orders")
                .header("Authorization", "Bearer " + auth.token(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** Places an order of two keyboards (178.00 EUR) and returns its id. */
    UUID placeOrder(UUID user) {
        return placeOrder(user, body("tok_ok", KEYBOARD, 2));
    }

    UUID placeOrder(UUID user, String body) {
        HttpResponse<String> response = post(user, UUID.randomUUID().toString(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).path("id").asString());
    }

    HttpResponse<String> get(UUID user, String path, String... headers) {
        HttpRequest.Builder request = http().request(path)
                .header("Authorization", "Bearer " + auth.token(user))
                .GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    JsonNode order(UUID user, UUID orderId) {
        HttpResponse<String> response = get(user, "/api/v1/orders/" + orderId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Reads the order until {@code done} holds for it. */
    JsonNode awaitOrder(UUID user, UUID orderId, Predicate<JsonNode> done) {
        return await("order " + orderId, () -> order(user, orderId), done);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        return http().send(request);
    }

    URI uri(String path) {
        return http().uri(path);
    }

    // --- events -----------------------------------------------------------------------------

    /**
     * The contracts' example of {@code type} on {@code topic}, made a new event (fresh id, time now)
     * and changed by {@code change} (applied to its {@code data}).
     */
    static String event(String topic, String type, Consumer<ObjectNode> change) {
        String example = contracts.examples(topic).stream()
                .filter(candidate ->
                        type.equals(JSON.readTree(candidate).path("type").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no example of " + type + " on " + topic));
        ObjectNode event = (ObjectNode) JSON.readTree(example);
        event.put("id", UUID.randomUUID().toString()).put("time", Instant.now().toString());
        change.accept((ObjectNode) event.get("data"));
        return event.toString();
    }

    /** An event about one order: {@code data.orderId} (and the subject, where it is the order) set to it. */
    static String orderEvent(String topic, String type, UUID orderId, Consumer<ObjectNode> change) {
        String json = event(topic, type, data -> {
            data.put("orderId", orderId.toString());
            change.accept(data);
        });
        ObjectNode event = (ObjectNode) JSON.readTree(json);
        if (!topic.equals("payment-events")) {
            event.put("subject", orderId.toString());
        }
        return event.toString();
    }

    void publish(String topic, String key, String event) {
        try {
            kafka.send(topic, key, event).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    ConsumerRecord<String, String> readOne(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return Topics.readingWith(consumers, TIMEOUT).first(topic, wanted);
    }

    /** The first event of {@code type} published with this key (an order id on order-events). */
    ConsumerRecord<String, String> published(String topic, String type, UUID key) {
        return readOne(
                topic,
                record -> key.toString().equals(record.key())
                        && type.equals(
                                JSON.readTree(record.value()).path("type").asString()));
    }

    // --- database ---------------------------------------------------------------------------

    int count(String sql, Object... arguments) {
        Integer count = jdbc.queryForObject(sql, Integer.class, arguments);
        return count == null ? 0 : count;
    }

    static <T> T await(String what, java.util.function.Supplier<T> read, Predicate<T> done) {
        return Eventually.within(TIMEOUT).get(what, read, done);
    }
}
