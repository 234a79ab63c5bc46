package dev.bulkhead.order;

import static dev.bulkhead.testsupport.http.ProblemAssertions.assertThatProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.resilience.retention.RetentionSweep;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Placing orders over HTTP against real Postgres and Kafka, with inventory-service stood in by an
 * in-process HTTP server: 202 + Location, prices snapshotted from inventory, OrderCreated through the
 * outbox and matching its contract, idempotency (also under concurrency), refusals that change
 * nothing, inventory down → 503, ownership, and the v2 money representation.
 */
class PlacingOrdersIT extends RunningOrderService {

    @Autowired
    RetentionSweep retention;

    @Test
    void answers202WithLocationAndTheOrderReadableRightAway() {
        UUID user = UUID.randomUUID();

        HttpResponse<String> response = post(user, UUID.randomUUID().toString(), body("tok_ok", KEYBOARD, 2, MOUSE, 1));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode order = JSON.readTree(response.body());
        UUID id = UUID.fromString(order.path("id").asString());
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/orders/" + id);
        assertThat(order.path("status").asString()).isEqualTo("PENDING");
        assertThat(order.path("cancellationReason").isNull()).isTrue();
        assertThat(order.path("total").path("amount").asString()).isEqualTo("202.50");
        assertThat(order.path("total").path("currency").asString()).isEqualTo("EUR");
        assertThat(order.path("items").get(0).path("productName").asString()).isEqualTo("Mechanical keyboard");
        assertThat(order.path("items").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(order.path("items").get(0).path("unitPrice").path("amount").asString())
                .isEqualTo("89.00");
        assertThat(order.path("items").get(1).path("productName").asString()).isEqualTo("Wireless mouse");
        assertThat(order.path("timeline").get(0).path("step").asString()).isEqualTo("ORDER_PLACED");
        assertThat(order.path("timeline").get(0).path("at").asString()).isNotBlank();
        assertThat(order.path("createdAt").asString()).isNotBlank();

        var read = get(user, "/api/v1/orders/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body())).isEqualTo(order);
    }

    @Test
    void snapshotsNameAndPriceWhenPlacingSoALaterPriceChangeLeavesTheOrderAlone() {
        UUID user = UUID.randomUUID();
        UUID lamp = inventory.product("Desk lamp", "30.00", "EUR");
        UUID before = placeOrder(user, body("tok_ok", lamp, 1));

        inventory.reprice(lamp, "45.00");
        UUID after = placeOrder(user, body("tok_ok", lamp, 1));

        assertThat(order(user, before).path("total").path("amount").asString()).isEqualTo("30.00");
        assertThat(order(user, before)
                        .path("items")
                        .get(0)
                        .path("unitPrice")
                        .path("amount")
                        .asString())
                .isEqualTo("30.00");
        assertThat(order(user, after).path("total").path("amount").asString()).isEqualTo("45.00");
        assertThat(inventory.lookupsOf(lamp)).isEqualTo(2);
    }

    @Test
    void publishesOrderCreatedMatchingItsContractWithTokenDeadlineNamesAndPrices() {
        UUID user = UUID.randomUUID();
        UUID id = placeOrder(user, body("tok_ok", KEYBOARD, 2));

        var record = published("order-events", "OrderCreated", id);

        contracts.assertValid("order-events", record.value());
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.path("source").asString()).isEqualTo("order-service");
        assertThat(event.path("subject").asString()).isEqualTo(id.toString());
        JsonNode data = event.path("data");
        assertThat(data.path("userId").asString()).isEqualTo(user.toString());
        assertThat(data.path("paymentToken").asString()).isEqualTo("tok_ok");
        assertThat(data.path("total").path("amountMinor").asLong()).isEqualTo(17800);
        assertThat(data.path("items").get(0).path("productName").asString()).isEqualTo("Mechanical keyboard");
        assertThat(data.path("items")
                        .get(0)
                        .path("unitPrice")
                        .path("amountMinor")
                        .asLong())
                .isEqualTo(8900);
        Instant createdAt = Instant.parse(data.path("createdAt").asString());
        assertThat(Duration.between(
                        createdAt, Instant.parse(data.path("deadline").asString())))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void answersTheSameOrderWhenTheSameKeyAndBodyComeAgain() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();

        var first = post(user, key, body("tok_ok", KEYBOARD, 1, MOUSE, 3));
        // The same request, written differently: other line order and spacing.
        var again = post(user, key, body("tok_ok", MOUSE, 3, KEYBOARD, 1).replace(",", " , "));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(again.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(JSON.readTree(again.body())).isEqualTo(JSON.readTree(first.body()));
        assertThat(ordersOf(user)).isOne();
        assertThat(createdEventsOf(user)).isOne();
    }

    @Test
    void refusesTheSameKeyWithAnotherBodyAndPlacesNothingMore() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertThat(post(user, key, body("tok_ok", KEYBOARD, 1)).statusCode()).isEqualTo(202);

        var other = post(user, key, body("tok_ok", KEYBOARD, 2));

        assertThat(other.statusCode()).isEqualTo(422);
        assertProblem(other, "idempotency-conflict");
        assertThat(ordersOf(user)).isOne();
        assertThat(createdEventsOf(user)).isOne();
    }

    @Test
    void scopesKeysToTheCallerSoTwoUsersNeverShareAnOrder() {
        String key = UUID.randomUUID().toString();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();

        var hers = post(alice, key, body("tok_ok", KEYBOARD, 1));
        var his = post(bob, key, body("tok_ok", KEYBOARD, 1));

        assertThat(hers.statusCode()).isEqualTo(202);
        assertThat(his.statusCode()).isEqualTo(202);
        assertThat(his.headers().firstValue("Location"))
                .isNotEqualTo(hers.headers().firstValue("Location"));
    }

    @Test
    void placesOneOrderForTenConcurrentRequestsWithOneKey() throws Exception {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String body = body("tok_ok", KEYBOARD, 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();

        try (ExecutorService clients = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                responses.add(clients.submit(() -> {
                    start.await();
                    return post(user, key, body);
                }));
            }
            start.countDown();
            List<String> locations = new ArrayList<>();
            for (Future<HttpResponse<String>> response : responses) {
                HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                locations.add(answer.headers().firstValue("Location").orElseThrow());
            }
            assertThat(locations).hasSize(10).containsOnly(locations.getFirst());
        }
        assertThat(ordersOf(user)).isOne();
        assertThat(createdEventsOf(user)).isOne();
    }

    @Test
    void requiresAnIdempotencyKey() {
        UUID user = UUID.randomUUID();

        var missing = post(user, null, body("tok_ok", KEYBOARD, 1));
        var tooLong = post(user, "k".repeat(256), body("tok_ok", KEYBOARD, 1));

        assertThat(missing.statusCode()).isEqualTo(400);
        assertProblem(missing, "invalid-idempotency-key");
        assertThat(JSON.readTree(missing.body()).path("detail").asString()).contains("Idempotency-Key");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertNothingStoredFor(user);
    }

    static Stream<Arguments> invalidBodies() {
        String keyboard = KEYBOARD.toString();
        String fiftyOne = IntStream.range(0, 51)
                .mapToObj(i -> "{\"productId\":\"" + UUID.randomUUID() + "\",\"quantity\":1}")
                .reduce((a, b) -> a + "," + b)
                .orElseThrow();
        return Stream.of(
                Arguments.of("no items", "{\"items\":[],\"paymentToken\":\"tok_ok\"}", "items"),
                Arguments.of("items missing", "{\"paymentToken\":\"tok_ok\"}", "items"),
                Arguments.of("51 lines", "{\"items\":[" + fiftyOne + "],\"paymentToken\":\"tok_ok\"}", "items"),
                Arguments.of(
                        "quantity 0",
                        "{\"items\":[{\"productId\":\"" + keyboard + "\",\"quantity\":0}],\"paymentToken\":\"tok_ok\"}",
                        "items[0].quantity"),
                Arguments.of(
                        "quantity 1001",
                        "{\"items\":[{\"productId\":\"" + keyboard
                                + "\",\"quantity\":1001}],\"paymentToken\":\"tok_ok\"}",
                        "items[0].quantity"),
                Arguments.of(
                        "quantity 1.5, which Jackson would coerce to 1",
                        "{\"items\":[{\"productId\":\"" + keyboard
                                + "\",\"quantity\":1.5}],\"paymentToken\":\"tok_ok\"}",
                        "items[0].quantity"),
                Arguments.of(
                        "payment token with a NUL",
                        "{\"items\":[{\"productId\":\"" + keyboard
                                + "\",\"quantity\":1}],\"paymentToken\":\"tok_\\u0000ok\"}",
                        "paymentToken"),
                Arguments.of(
                        "payment token that is no token",
                        "{\"items\":[{\"productId\":\"" + keyboard
                                + "\",\"quantity\":1}],\"paymentToken\":\"tok ok'; drop table\"}",
                        "paymentToken"),
                Arguments.of(
                        "no product id",
                        "{\"items\":[{\"quantity\":1}],\"paymentToken\":\"tok_ok\"}",
                        "items[0].productId"),
                Arguments.of(
                        "payment token blank",
                        "{\"items\":[{\"productId\":\"" + keyboard + "\",\"quantity\":1}],\"paymentToken\":\" \"}",
                        "paymentToken"),
                Arguments.of(
                        "a product twice",
                        "{\"items\":[{\"productId\":\"" + keyboard + "\",\"quantity\":1},{\"productId\":\"" + keyboard
                                + "\",\"quantity\":2}],\"paymentToken\":\"tok_ok\"}",
                        "items"),
                Arguments.of(
                        "product id not a UUID",
                        "{\"items\":[{\"productId\":\"42\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}",
                        "items[0].productId"),
                Arguments.of("not JSON", "{\"items\":", "body"),
                Arguments.of(
                        "an ignored field nested 10,000 deep",
                        "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000)
                                + ",\"items\":[{\"productId\":\"" + keyboard
                                + "\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}",
                        "body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void refusesAnInvalidRequestWith400NamingTheFieldAndStoresAndEmitsNothing(String why, String body, String field) {
        UUID user = UUID.randomUUID();

        var response = post(user, UUID.randomUUID().toString(), body);

        assertThatProblem(response).hasStatus(400).hasType("invalid-request").hasErrorsOn(field);
        assertNothingStoredFor(user);
    }

    @Test
    void ignoresWhatAClientMayNotSetSoNobodyPlacesAnOrderForAnotherUserAtAnotherPriceOrInAnotherState() {
        UUID user = UUID.randomUUID();
        UUID victim = UUID.randomUUID();
        UUID chosenId = UUID.randomUUID();
        String cheap = "{\"amount\":\"0.01\",\"currency\":\"EUR\"}";
        String body = "{\"items\":[{\"productId\":\"" + KEYBOARD + "\",\"quantity\":2,\"unitPrice\":" + cheap
                + "}],\"paymentToken\":\"tok_ok\",\"id\":\"" + chosenId + "\",\"userId\":\"" + victim
                + "\",\"status\":\"CONFIRMED\",\"total\":" + cheap + ",\"deadline\":\"2099-01-01T00:00:00Z\"}";

        UUID id = placeOrder(user, body);

        assertThat(id).as("the id is the service's, not the client's").isNotEqualTo(chosenId);
        JsonNode order = order(user, id);
        assertThat(order.path("status").asString()).isEqualTo("PENDING");
        assertThat(order.path("total").path("amount").asString())
                .as("the price is the catalogue's")
                .isEqualTo("178.00");
        assertThat(ordersOf(victim)).as("orders placed for the victim").isZero();
        assertThat(ordersOf(user)).isOne();
    }

    @Test
    void forgetsAnIdempotencyKeyAfterADaySoTheSameKeyThenPlacesANewOrder() {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        var first = post(user, key, body("tok_ok", KEYBOARD, 1));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        jdbc.update("update idempotency_key set created_at = now() - interval '25 hours' where user_id = ?", user);

        retention.sweep();

        assertThat(count("select count(*) from idempotency_key where user_id = ?", user))
                .as("keys of the user after the sweep")
                .isZero();
        var again = post(user, key, body("tok_ok", KEYBOARD, 1));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).path("id").asString())
                .as("a new order: the key was forgotten")
                .isNotEqualTo(JSON.readTree(first.body()).path("id").asString());
    }

    @Test
    void refusesABodyThatIsNotUtf8AndStoresNothing() {
        UUID user = UUID.randomUUID();
        byte[] prefix = ("{\"items\":[{\"productId\":\"" + KEYBOARD + "\",\"quantity\":1}],\"paymentToken\":\"tok_")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOf(prefix, prefix.length + 4);
        body[prefix.length] = (byte) 0xC3; // a two-byte sequence cut short
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = '"';
        body[prefix.length + 3] = '}';

        var response = send(http().request("/api/v1/orders")
                .header("Authorization", "Bearer " + auth.token(user))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThatProblem(response).hasStatus(400).hasType("invalid-request");
        assertNothingStoredFor(user);
    }

    @Test
    void refusesAnUnknownProductNamingIt() {
        UUID user = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();

        var response = post(user, UUID.randomUUID().toString(), body("tok_ok", KEYBOARD, 1, unknown, 1));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problem = assertProblem(response, "unknown-product");
        assertThat(problem.path("productIds").get(0).asString()).isEqualTo(unknown.toString());
        assertThat(problem.path("detail").asString()).contains(unknown.toString());
        assertNothingStoredFor(user);
    }

    @Test
    void refusesProductsPricedInDifferentCurrencies() {
        UUID user = UUID.randomUUID();
        UUID dollars = inventory.product("Imported cable", "9.99", "USD");

        var response = post(user, UUID.randomUUID().toString(), body("tok_ok", KEYBOARD, 1, dollars, 1));

        assertThat(response.statusCode()).isEqualTo(422);
        assertProblem(response, "mixed-currencies");
        assertNothingStoredFor(user);
    }

    @ParameterizedTest(name = "inventory {0}")
    @ValueSource(strings = {"answering 503", "answering 500", "dropping the connection"})
    void answers503WithRetryAfterAndPlacesNothingWhileInventoryIsDown(String outage) {
        UUID user = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        switch (outage) {
            case "answering 503" -> inventory.down(503);
            case "answering 500" -> inventory.down(500);
            default -> inventory.unreachable();
        }
        HttpResponse<String> response;
        try {
            response = post(user, key, body("tok_ok", KEYBOARD, 1));
        } finally {
            inventory.up();
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertProblem(response, "inventory-unavailable");
        assertNothingStoredFor(user);
        // The key was not used up: the retry the client was told to make goes through.
        assertThat(post(user, key, body("tok_ok", KEYBOARD, 1)).statusCode()).isEqualTo(202);
    }

    @Test
    void answersNotFoundForAnotherUsersOrderExactlyAsForAnUnknownOne() {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        UUID id = placeOrder(owner);

        var theirs = get(stranger, "/api/v1/orders/" + id);
        var theirsInV2 = get(stranger, "/api/v2/orders/" + id);
        var unknown = get(stranger, "/api/v1/orders/" + UUID.randomUUID());

        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(theirsInV2.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode a = assertProblem(theirs, "order-not-found");
        JsonNode b = assertProblem(unknown, "order-not-found");
        assertThat(a.path("title")).isEqualTo(b.path("title"));
        assertThat(a.path("detail").asString()).doesNotContain(owner.toString());
    }

    @Test
    void rendersMoneyAsMinorUnitsInV2ByPathAndByHeader() {
        UUID user = UUID.randomUUID();
        UUID id = placeOrder(user, body("tok_ok", KEYBOARD, 2));

        JsonNode v1 = JSON.readTree(get(user, "/api/v1/orders/" + id).body());
        JsonNode byPath = JSON.readTree(get(user, "/api/v2/orders/" + id).body());
        JsonNode byHeader = JSON.readTree(
                get(user, "/api/v1/orders/" + id, "API-Version", "2").body());
        JsonNode v1ByHeader = JSON.readTree(
                get(user, "/api/v1/orders/" + id, "API-Version", "1").body());

        assertThat(v1.path("total").path("amount").asString()).isEqualTo("178.00");
        assertThat(v1ByHeader).isEqualTo(v1);
        for (JsonNode v2 : List.of(byPath, byHeader)) {
            assertThat(v2.path("total").path("amountMinor").isIntegralNumber()).isTrue();
            assertThat(v2.path("total").path("amountMinor").asLong()).isEqualTo(17800);
            assertThat(v2.path("total").path("currency").asString()).isEqualTo("EUR");
            assertThat(v2.path("total").has("amount")).isFalse();
            assertThat(v2.path("items")
                            .get(0)
                            .path("unitPrice")
                            .path("amountMinor")
                            .asLong())
                    .isEqualTo(8900);
            // Everything but money is the same as in v1.
            assertThat(v2.path("id")).isEqualTo(v1.path("id"));
            assertThat(v2.path("status")).isEqualTo(v1.path("status"));
            assertThat(v2.path("timeline")).isEqualTo(v1.path("timeline"));
            assertThat(v2.path("createdAt")).isEqualTo(v1.path("createdAt"));
        }
        assertThat(byHeader).isEqualTo(byPath);
    }

    @Test
    void refusesAnUnknownApiVersionWith400() {
        UUID user = UUID.randomUUID();
        UUID id = placeOrder(user);

        for (var response : List.of(
                get(user, "/api/v3/orders/" + id),
                get(user, "/api/v1/orders/" + id, "API-Version", "3"),
                get(user, "/api/v1/orders/" + id, "API-Version", "banana"),
                get(user, "/api/latest/orders/" + id))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertProblem(response, "unsupported-api-version");
        }
    }

    @Test
    void keepsUnversionedEndpointsAnsweringWhenAVersionIsNamed() {
        UUID user = UUID.randomUUID();

        var document = get(user, "/v3/api-docs");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(document.body()).path("paths").propertyNames())
                .as("the published paths are the ones clients call")
                .contains("/api/v1/orders/{id}", "/api/v2/orders/{id}")
                .noneMatch(path -> path.matches("/api/\\d+/.*"));
        assertThat(get(user, "/api/v1/orders", "API-Version", "2").statusCode()).isEqualTo(200);
    }

    // --- helpers ----------------------------------------------------------------------------

    private int ordersOf(UUID user) {
        return count("select count(*) from orders where user_id = ?", user);
    }

    private int createdEventsOf(UUID user) {
        return count(
                "select count(*) from bulkhead_outbox where payload like ? and payload like '%\"OrderCreated\"%'",
                "%" + user + "%");
    }

    private void assertNothingStoredFor(UUID user) {
        assertThat(ordersOf(user)).as("orders").isZero();
        assertThat(count("select count(*) from idempotency_key where user_id = ?", user))
                .as("idempotency keys")
                .isZero();
        assertThat(count("select count(*) from bulkhead_outbox where payload like ?", "%" + user + "%"))
                .as("outbox events")
                .isZero();
    }

    private static JsonNode assertProblem(HttpResponse<String> response, String type) {
        return assertThatProblem(response).hasType(type).json();
    }
}
