package dev.bulkhead.notification;

import static dev.bulkhead.testsupport.http.ProblemAssertions.assertThatProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulkhead.testsupport.RunningService;
import dev.bulkhead.testsupport.Topics;
import dev.bulkhead.testsupport.contracts.EventContracts;
import dev.bulkhead.testsupport.http.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * notification-service against real Postgres and Kafka, without an SMTP server: one notification per
 * event of the kinds users hear about, read back by their owner only.
 */
@DirtiesContext
class NotificationsIT extends RunningService {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = TestHttp.JSON;

    private static final String NOTIFICATIONS = "/api/v1/notifications";
    private static final EventContracts contracts = EventContracts.ofRepository();
    private static final List<String> TOPICS = List.of("user-events", "order-events", "payment-events");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // Contexts of other test classes stay cached, and listening, in this JVM; sharing the service's
        // group with them would leave this context only a share of the partitions.
        registry.add("spring.kafka.consumer.group-id", () -> "notification-service-it-" + UUID.randomUUID());
    }

    @Test
    void recordsOneNotificationOfTheRightKindForEachContractExample() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID sentinel = UUID.randomUUID();
        for (String topic : TOPICS) {
            String lastKey = null;
            for (String example : contracts.examples(topic)) {
                ObjectNode event = ownedBy(example, owner, topic.equals("user-events"));
                lastKey = event.path("subject").asString();
                kafka.send(topic, lastKey, event.toString()).get();
            }
            // Behind the examples in their partition: once it is recorded, every example was handled.
            kafka.send(topic, lastKey, sentinelFor(topic, sentinel)).get();
        }
        awaitList(sentinel, page -> page.path("total").asLong() == 3);

        JsonNode page = list(owner, "");
        assertThat(page.path("total").asLong()).isEqualTo(4);
        assertThat(page.path("items")
                        .valueStream()
                        .map(item -> item.path("kind").asString()))
                .containsExactlyInAnyOrder("WELCOME", "ORDER_CONFIRMED", "ORDER_CANCELLED", "PAYMENT_REFUNDED");
        String order = "7d4f1c2e-9a3b-4e5f-8c6d-1a2b3c4d5e6f";
        assertThat(item(page, "WELCOME").path("subject").asString()).isEqualTo("Welcome to Bulkhead, Ada Lovelace");
        assertThat(item(page, "ORDER_CONFIRMED").path("body").asString()).contains(order, "EUR 178.00");
        assertThat(item(page, "ORDER_CANCELLED").path("body").asString())
                .contains(order, "EUR 178.00", "your payment was declined")
                .doesNotContain("PAYMENT_DECLINED");
        assertThat(item(page, "PAYMENT_REFUNDED").path("body").asString()).contains(order, "EUR 178.00");
        for (JsonNode item : page.path("items")) {
            assertThat(item.path("delivery").asString())
                    .as("no SMTP server here")
                    .isEqualTo("RECORDED");
            assertThat(Instant.parse(item.path("createdAt").asString())).isBefore(Instant.now());
            var one = get(owner, "/" + item.path("id").asString());
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(one.body())).isEqualTo(item);
        }
        assertThat(jdbc.queryForMap("SELECT email, name FROM recipient WHERE user_id = ?", owner))
                .as("the address book, renamed by the UserUpdated example")
                .isEqualTo(Map.of("email", "ada@example.com", "name", "Ada King"));
    }

    @Test
    void recordsOneNotificationWhenTheSameEventArrivesTwice() throws Exception {
        UUID userId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        String event = orderConfirmed(UUID.randomUUID(), orderId, userId, 4250);

        kafka.send("order-events", orderId.toString(), event).get();
        kafka.send("order-events", orderId.toString(), event).get();
        // Same key, same partition: once this one is recorded, both deliveries above were handled.
        kafka.send("order-events", orderId.toString(), orderConfirmed(UUID.randomUUID(), UUID.randomUUID(), userId, 1))
                .get();

        JsonNode page = awaitList(userId, found -> found.path("total").asLong() == 2);
        assertThat(page.path("items")
                        .valueStream()
                        .filter(item -> item.path("body").asString().contains(orderId.toString())))
                .hasSize(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM notification WHERE event_id = ?", Integer.class, eventIdOf(event)))
                .isOne();
    }

    @Test
    void sendsMalformedOrderEventsToTheDeadLetterTopicAndGoesOnWithTheNext() throws Exception {
        String marker = UUID.randomUUID().toString();
        String notJson = "{\"type\":\"OrderConfirmed\",\"id\":\"" + marker + "\"";
        ObjectNode badField = (ObjectNode) JSON.readTree(orderConfirmed(UUID.randomUUID(), UUID.randomUUID(), null, 1));
        ((ObjectNode) badField.path("data")).put("userId", "not-a-uuid-" + marker);
        kafka.send("order-events", marker, notJson).get();
        kafka.send("order-events", marker, badField.toString()).get();

        UUID userId = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        kafka.send("order-events", marker, orderConfirmed(UUID.randomUUID(), next, userId, 999))
                .get();

        awaitList(userId, page -> page.path("total").asLong() == 1);
        assertThat(readOne("order-events.DLT", record -> notJson.equals(record.value())))
                .isNotNull();
        assertThat(readOne("order-events.DLT", record -> record.value().contains("not-a-uuid-" + marker)))
                .isNotNull();
    }

    @Test
    void answersNotFoundForAnotherUsersNotificationAsForAnUnknownOne() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        kafka.send("order-events", orderId.toString(), orderConfirmed(UUID.randomUUID(), orderId, owner, 1000))
                .get();
        String id = awaitList(owner, page -> page.path("total").asLong() == 1)
                .path("items")
                .get(0)
                .path("id")
                .asString();

        var someoneElses = get(other, "/" + id);
        var unknown = get(owner, "/" + UUID.randomUUID());

        assertThat(someoneElses.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThatProblem(someoneElses).hasType("notification-not-found").hasTitle("Notification not found");
        assertThat(someoneElses.body()).doesNotContain(owner.toString()).doesNotContain(orderId.toString());
        assertThat(list(other, "").path("total").asLong()).isZero();
        assertThat(get(owner, "/" + id).statusCode()).isEqualTo(200);

        var anonymous = http().get(NOTIFICATIONS + "/" + id);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void listsNewestFirstAndHonoursLimitAndPage() throws Exception {
        UUID userId = UUID.randomUUID();
        List<UUID> orders = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (int i = 0; i < orders.size(); i++) {
            kafka.send(
                            "order-events",
                            orders.get(i).toString(),
                            orderConfirmed(UUID.randomUUID(), orders.get(i), userId, 100 + i))
                    .get();
            int recorded = i + 1;
            awaitList(userId, page -> page.path("total").asLong() == recorded);
        }

        JsonNode first = list(userId, "?limit=2");
        JsonNode second = list(userId, "?limit=2&page=1");
        JsonNode all = list(userId, "");

        assertThat(bodies(first))
                .satisfiesExactly(
                        body -> assertThat(body).contains(orders.get(2).toString()),
                        body -> assertThat(body).contains(orders.get(1).toString()));
        assertThat(first.path("size").asInt()).isEqualTo(2);
        assertThat(first.path("page").asInt()).isZero();
        assertThat(first.path("total").asLong()).isEqualTo(3);
        assertThat(bodies(second))
                .singleElement()
                .asString()
                .contains(orders.get(0).toString());
        assertThat(all.path("items")).hasSize(3);
        assertThat(all.path("size").asInt()).as("the default limit").isEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "?limit=0, limit",
        "?limit=101, limit",
        "?limit=-5, limit",
        "?limit=ten, limit",
        "?page=-1, page",
        "/not-a-uuid, id"
    })
    void refusesBadParametersWithAProblemNamingThem(String query, String field) throws Exception {
        var response = get(UUID.randomUUID(), query);

        assertThatProblem(response).hasStatus(400).hasType("invalid-request").hasErrorsOn(field);
    }

    // --- helpers ---------------------------------------------------------------------------

    /** The example, with the user replaced by {@code owner} (and, for user-events, the subject too). */
    private static ObjectNode ownedBy(String example, UUID owner, boolean subjectIsTheUser) {
        ObjectNode event = (ObjectNode) JSON.readTree(example);
        ((ObjectNode) event.path("data")).put("userId", owner.toString());
        if (subjectIsTheUser) {
            event.put("subject", owner.toString());
        }
        return event;
    }

    /** An event of the topic that notifies {@code userId}, built from the topic's own example. */
    private static String sentinelFor(String topic, UUID userId) {
        String type = switch (topic) {
            case "user-events" -> "UserRegistered";
            case "order-events" -> "OrderConfirmed";
            default -> "PaymentRefunded";
        };
        String example = contracts.examples(topic).stream()
                .filter(candidate -> candidate.contains("\"" + type + "\""))
                .findFirst()
                .orElseThrow();
        ObjectNode event = ownedBy(example, userId, topic.equals("user-events"));
        event.put("id", UUID.randomUUID().toString());
        return event.toString();
    }

    static String orderConfirmed(UUID eventId, UUID orderId, UUID userId, long amountMinor) {
        ObjectNode event = JSON.createObjectNode()
                .put("id", eventId.toString())
                .put("type", "OrderConfirmed")
                .put("version", 1)
                .put("source", "order-service")
                .put("time", Instant.now().toString())
                .put("subject", orderId.toString());
        ObjectNode data = event.putObject("data")
                .put("orderId", orderId.toString())
                .put("userId", String.valueOf(userId))
                .put("confirmedAt", Instant.now().toString());
        data.putObject("total").put("amountMinor", amountMinor).put("currency", "EUR");
        return event.toString();
    }

    private static UUID eventIdOf(String event) {
        return UUID.fromString(JSON.readTree(event).path("id").asString());
    }

    private static JsonNode item(JsonNode page, String kind) {
        return page.path("items")
                .valueStream()
                .filter(item -> item.path("kind").asString().equals(kind))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> bodies(JsonNode page) {
        return page.path("items")
                .valueStream()
                .map(item -> item.path("body").asString())
                .toList();
    }

    private JsonNode awaitList(UUID userId, Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = list(userId, "");
            return done.test(last[0]);
        });
        return last[0];
    }

    private JsonNode list(UUID userId, String query) throws Exception {
        var response = get(userId, query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(UUID userId, String pathAndQuery) {
        return http().get(NOTIFICATIONS + pathAndQuery, "Authorization", "Bearer " + auth.token(userId));
    }

    private ConsumerRecord<String, String> readOne(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return Topics.readingWith(consumers, TIMEOUT).first(topic, wanted);
    }
}
