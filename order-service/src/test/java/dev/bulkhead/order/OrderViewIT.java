package dev.bulkhead.order;

import static dev.bulkhead.testsupport.http.ProblemAssertions.assertThatProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The read model behind {@code GET /api/v1/orders}, fed only by events: user names from user-events
 * (the contracts' examples included), product names and totals from order-events, the final status
 * when the saga ends; the caller sees only their orders, newest first, {@code limit} at a time.
 */
class OrderViewIT extends RunningOrderService {

    /** The user of the contracts' examples (UserRegistered, UserUpdated, OrderCreated ...). */
    private static final UUID ADA = UUID.fromString("3b7e9f2a-1c4d-4e8f-9a0b-6c5d4e3f2a1b");

    private static final UUID EXAMPLE_ORDER = UUID.fromString("7d4f1c2e-9a3b-4e5f-8c6d-1a2b3c4d5e6f");

    @Test
    void showsTheUserNameFromTheContractsUserEventsAndTheProductNamesOfTheOrder() {
        String registered = example("user-events", "UserRegistered");
        String updated = example("user-events", "UserUpdated");
        publish("user-events", ADA.toString(), registered);
        UUID id = placeOrder(ADA, body("tok_ok", KEYBOARD, 2, MOUSE, 1));

        JsonNode listed = awaitListed(
                ADA, id, item -> "Ada Lovelace".equals(item.path("userName").asString()));
        assertThat(listed.path("itemSummary").asString())
                .contains("2 × Mechanical keyboard")
                .contains("1 × Wireless mouse");
        assertThat(listed.path("itemCount").asInt()).isEqualTo(3);
        assertThat(listed.path("total").path("amount").asString()).isEqualTo("202.50");
        assertThat(listed.path("status").asString()).isEqualTo("PENDING");

        publish("user-events", ADA.toString(), updated);

        awaitListed(ADA, id, item -> "Ada King".equals(item.path("userName").asString()));
    }

    @Test
    void readsTheContractsExamplesOfOrderEvents() {
        publish("order-events", EXAMPLE_ORDER.toString(), example("order-events", "OrderCreated"));
        publish("order-events", EXAMPLE_ORDER.toString(), example("order-events", "OrderConfirmed"));

        JsonNode listed = awaitListed(
                ADA,
                EXAMPLE_ORDER,
                item -> "CONFIRMED".equals(item.path("status").asString()));

        assertThat(listed.path("itemSummary").asString()).isEqualTo("2 × Mechanical keyboard");
        assertThat(listed.path("total").path("amount").asString()).isEqualTo("178.00");
        assertThat(listed.path("createdAt").asString()).isEqualTo("2026-11-23T09:15:30.123456Z");
    }

    @Test
    void showsTheFinalStatusOnceTheSagaHasEnded() {
        UUID user = UUID.randomUUID();
        UUID id = placeOrder(user);
        awaitListed(user, id, item -> true);

        publish("inventory-events", id.toString(), orderEvent("inventory-events", "StockRejected", id, data -> {}));

        JsonNode listed = awaitListed(
                user, id, item -> "CANCELLED".equals(item.path("status").asString()));
        assertThat(listed.path("cancellationReason").asString()).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void listsOnlyTheCallersOrdersNewestFirstAndHonoursLimitAndPage() {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID first = placeOrder(user);
        UUID second = placeOrder(user);
        UUID third = placeOrder(user);
        UUID theirs = placeOrder(other);
        awaitListed(other, theirs, item -> true);

        JsonNode all = await(
                "three orders listed",
                () -> list(user, ""),
                page -> page.path("total").asInt() == 3);

        assertThat(ids(all)).containsExactly(third, second, first).doesNotContain(theirs);
        List<Instant> created = all.path("items")
                .valueStream()
                .map(item -> Instant.parse(item.path("createdAt").asString()))
                .toList();
        assertThat(created).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(all.path("consistency").asString()).isEqualTo("eventual");
        assertThat(all.path("size").asInt()).isEqualTo(20);

        JsonNode two = list(user, "?limit=2");
        assertThat(ids(two)).containsExactly(third, second);
        assertThat(two.path("size").asInt()).isEqualTo(2);
        assertThat(two.path("total").asInt()).isEqualTo(3);
        assertThat(ids(list(user, "?limit=2&page=1"))).containsExactly(first);
        assertThat(ids(list(other, ""))).containsExactly(theirs);
    }

    @Test
    void refusesALimitOutsideOneToAHundred() {
        UUID user = UUID.randomUUID();

        for (String query : List.of("?limit=0", "?limit=101", "?page=-1", "?limit=ten")) {
            HttpResponse<String> response = get(user, "/api/v1/orders" + query);
            assertThatProblem(response)
                    .hasStatus(400)
                    .hasType("invalid-request")
                    .hasErrorsOn(query.substring(1, query.indexOf('=')));
        }
        assertThat(get(user, "/api/v1/orders?limit=100").statusCode()).isEqualTo(200);
    }

    // --- helpers ----------------------------------------------------------------------------

    private static String example(String topic, String type) {
        return contracts.examples(topic).stream()
                .filter(event -> type.equals(JSON.readTree(event).path("type").asString()))
                .findFirst()
                .orElseThrow();
    }

    private JsonNode list(UUID user, String query) {
        HttpResponse<String> response = get(user, "/api/v1/orders" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Waits until the order is in the user's list and {@code wanted} holds for its line. */
    private JsonNode awaitListed(UUID user, UUID orderId, Predicate<JsonNode> wanted) {
        JsonNode page = await(
                "order " + orderId + " in the list of " + user,
                () -> list(user, "?limit=100"),
                current -> find(current, orderId) != null && wanted.test(find(current, orderId)));
        return find(page, orderId);
    }

    private static JsonNode find(JsonNode page, UUID orderId) {
        return page.path("items")
                .valueStream()
                .filter(item -> orderId.toString().equals(item.path("id").asString()))
                .findFirst()
                .orElse(null);
    }

    private static List<UUID> ids(JsonNode page) {
        return page.path("items")
                .valueStream()
                .map(item -> UUID.fromString(item.path("id").asString()))
                .toList();
    }
}
