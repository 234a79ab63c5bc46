package dev.bulkhead.systemtests;

import static dev.bulkhead.systemtests.OrderSaga.KEYBOARD;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The saga's outcomes one by one, each checked end to end through the gateway. */
final class SagaScenarios {

    private static final String PROVIDER_ADMIN = "http://localhost:8090/__admin";

    private final Gateway gateway;
    private final OrderSaga saga;

    SagaScenarios(Gateway gateway, OrderSaga saga) {
        this.gateway = gateway;
        this.saga = saga;
    }

    /** The README's order walk-through: register, log in, browse, order, and see it CONFIRMED. */
    void confirmsAnOrderEndToEnd() throws Exception {
        var ada = gateway.newUser("Ada Lovelace");
        var catalogue = gateway.get("/api/v1/products", null).expect(200).json();
        assertThat(catalogue.path("items").size()).isPositive();
        int stockBefore = saga.stock(KEYBOARD);

        var order = saga.placeAndAwait(ada, order("tok_ok", KEYBOARD, 2));

        assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("CONFIRMED");
        assertThat(steps(order)).contains("STOCK_RESERVED", "PAYMENT_SUCCEEDED", "CONFIRMED");
        assertThat(saga.stock(KEYBOARD)).isEqualTo(stockBefore - 2);
        String orderId = order.path("id").asString();
        assertThat(saga.netCharged(ada, orderId)).isEqualByComparingTo(total(order));
        assertThat(chargesSentToTheProvider(orderId))
                .as("charges the provider saw")
                .isOne();
        // The README's other calls on this order: money by version, by path and by header, through the gateway.
        assertThat(gateway.get("/api/v2/orders/" + orderId, ada)
                        .expect(200)
                        .json()
                        .path("total")
                        .path("amountMinor")
                        .asLong())
                .isEqualTo(total(order).movePointRight(2).longValueExact());
        assertThat(gateway.get("/api/v1/orders/" + orderId, ada, Map.of("API-Version", "2"))
                        .expect(200)
                        .json()
                        .path("total")
                        .path("amountMinor")
                        .asLong())
                .isEqualTo(total(order).movePointRight(2).longValueExact());
        // ... and the catalogue's conditional GET.
        var product = gateway.get("/api/v1/products/" + KEYBOARD, null).expect(200);
        assertThat(product.header("ETag")).startsWith("\"");
        assertThat(gateway.get("/api/v1/products/" + KEYBOARD, null, Map.of("If-None-Match", product.header("ETag")))
                        .status())
                .isEqualTo(304);
        var notifications = gateway.await(
                "/api/v1/notifications",
                ada,
                OrderSaga.SAGA,
                answer -> answer.status() == 200 && answer.raw().body().contains("ORDER_CONFIRMED"));
        assertThat(notifications.raw().body()).contains(orderId);
        var listed = gateway.await(
                "/api/v1/orders",
                ada,
                OrderSaga.SAGA,
                answer -> answer.status() == 200 && answer.raw().body().contains("CONFIRMED"));
        assertThat(listed.raw().body()).contains(orderId).contains("Ada Lovelace");
    }

    void cancelsWhenOutOfStock() throws Exception {
        var grace = gateway.newUser("Grace Hopper");
        int stockBefore = saga.stock(KEYBOARD);

        var order = saga.placeAndAwait(grace, order("tok_ok", KEYBOARD, stockBefore + 1));

        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(saga.stock(KEYBOARD)).isEqualTo(stockBefore);
        assertThat(saga.netCharged(grace, order.path("id").asString())).isZero();
        assertThat(chargesSentToTheProvider(order.path("id").asString()))
                .as("charges the provider saw")
                .isZero();
    }

    void cancelsWhenPaymentIsDeclined() throws Exception {
        var alan = gateway.newUser("Alan Turing");
        int stockBefore = saga.stock(PLENTIFUL);

        var order = saga.placeAndAwait(alan, order("tok_declined", PLENTIFUL, 3));

        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("PAYMENT_DECLINED");
        saga.awaitStock(PLENTIFUL, stockBefore); // released by the compensation
        assertThat(saga.netCharged(alan, order.path("id").asString())).isZero();
        assertThat(chargesSentToTheProvider(order.path("id").asString()))
                .as("one attempt, which the provider declined")
                .isOne();
    }

    /**
     * tok_slow answers after the saga deadline: the order is cancelled (TIMEOUT) while the charge is in
     * flight, then the charge succeeds and must be refunded. The simulator's 35 s delay suits the dev
     * stack's 30 s deadline; this stack runs a shorter deadline, so the test shortens the delay through
     * WireMock's admin API, as docs/resilience.md shows a reader.
     */
    void timesOutAndRefundsTheLateCharge(Duration deadline) throws Exception {
        long delay = deadline.plusSeconds(3).toMillis();
        var stub = """
                {"priority": 1,
                 "request": {"method": "POST", "urlPath": "/v1/charges",
                             "bodyPatterns": [{"matchesJsonPath": "$[?(@.token == 'tok_slow')]"}]},
                 "response": {"status": 201, "fixedDelayMilliseconds": %d,
                              "headers": {"Content-Type": "application/json"},
                              "jsonBody": {"id": "ch_{{jsonPath request.body '$.reference'}}", "status": "succeeded"},
                              "transformers": ["response-template"]}}
                """.formatted(delay);
        var http = HttpClient.newHttpClient();
        var created = http.send(
                HttpRequest.newBuilder(URI.create(PROVIDER_ADMIN + "/mappings"))
                        .POST(HttpRequest.BodyPublishers.ofString(stub))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String stubId = Gateway.JSON.readTree(created.body()).path("id").asString();
        try {
            var linus = gateway.newUser("Linus Torvalds");
            int stockBefore = saga.stock(PLENTIFUL);

            var order = saga.placeAndAwait(linus, order("tok_slow", PLENTIFUL, 1));

            assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
            assertThat(order.path("cancellationReason").asString()).isEqualTo("TIMEOUT");
            String orderId = order.path("id").asString();
            var refunded = gateway.await(
                    "/api/v1/payments?orderId=" + orderId,
                    linus,
                    Duration.ofMillis(delay).plus(OrderSaga.SAGA),
                    answer -> answer.status() == 200 && answer.raw().body().contains("REFUNDED"));
            assertThat(refunded.raw().body()).contains("REFUNDED");
            assertThat(saga.netCharged(linus, orderId)).isZero();
            saga.awaitStock(PLENTIFUL, stockBefore);
        } finally {
            http.send(
                    HttpRequest.newBuilder(URI.create(PROVIDER_ADMIN + "/mappings/" + stubId))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    void placesOneOrderPerIdempotencyKey() throws Exception {
        var barbara = gateway.newUser("Barbara Liskov");
        String key = UUID.randomUUID().toString();
        var body = order("tok_ok", PLENTIFUL, 1);

        var first = saga.place(barbara, body, key).expect(202);
        var second = saga.place(barbara, body, key);
        var different = saga.place(barbara, order("tok_ok", PLENTIFUL, 2), key);

        assertThat(second.status()).isIn(200, 202);
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(second.json().path("id").asString())
                .isEqualTo(first.json().path("id").asString());
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.header("Content-Type")).startsWith("application/problem+json");
        saga.awaitTerminal(barbara, first.json().path("id").asString());
        var listed = gateway.await(
                "/api/v1/orders",
                barbara,
                OrderSaga.SAGA,
                answer -> answer.status() == 200 && answer.json().path("items").size() >= 1);
        assertThat(listed.json().path("items").size()).as(listed.raw().body()).isOne();
    }

    /** How many charge requests for this order reached the payment provider (WireMock's request journal). */
    private static int chargesSentToTheProvider(String orderId) throws Exception {
        var pattern = """
                {"method": "POST", "urlPath": "/v1/charges", "headers": {"Idempotency-Key": {"equalTo": "%s"}}}
                """.formatted(orderId);
        var answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(PROVIDER_ADMIN + "/requests/count"))
                                .POST(HttpRequest.BodyPublishers.ofString(pattern))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Gateway.JSON.readTree(answer.body()).path("count").asInt();
    }

    /** Ids are not secrets: another user's ids must look exactly like ids that do not exist. */
    void hidesOtherUsersResources() throws Exception {
        var owner = gateway.newUser("Owner");
        var stranger = gateway.newUser("Stranger");
        var order = saga.placeAndAwait(owner, order("tok_ok", PLENTIFUL, 1));
        String orderId = order.path("id").asString();
        String paymentId =
                saga.settledPayments(owner, orderId).getFirst().path("id").asString();
        var notifications = gateway.await(
                "/api/v1/notifications",
                owner,
                OrderSaga.SAGA,
                answer -> answer.status() == 200 && answer.json().path("items").size() > 0);
        String notificationId =
                notifications.json().path("items").get(0).path("id").asString();

        for (String path : new String[] {
            "/api/v1/orders/" + orderId,
            "/api/v2/orders/" + orderId,
            "/api/v1/payments/" + paymentId,
            "/api/v1/payments?orderId=" + orderId,
            "/api/v1/notifications/" + notificationId
        }) {
            var answer = gateway.get(path, stranger);
            assertThat(answer.status())
                    .as("%s as another user: %s", path, answer.raw().body())
                    .isEqualTo(404);
            assertThat(gateway.get(path, owner).status())
                    .as("%s as its owner", path)
                    .isEqualTo(200);
        }
        assertThat(gateway.get("/api/v1/orders", stranger).raw().body()).doesNotContain(orderId);
        assertThat(gateway.get("/api/v1/notifications", stranger)
                        .expect(200)
                        .raw()
                        .body())
                .doesNotContain(notificationId);
        assertThat(gateway.get("/api/v1/orders/" + orderId, stranger, Map.of()).header("Content-Type"))
                .startsWith("application/problem+json");

        // Admin-only operations on an id: a user is refused (403) and nothing changes.
        String product = PLENTIFUL.toString();
        int stock = saga.stock(PLENTIFUL);
        String renamed = "{\"name\":\"Mine now\",\"price\":{\"amount\":\"0.01\",\"currency\":\"EUR\"}}";
        assertThat(gateway.send("PUT", "/api/v1/products/" + product, stranger, renamed)
                        .status())
                .as("PUT a product as a user")
                .isEqualTo(403);
        assertThat(gateway.send("POST", "/api/v1/products/" + product + "/stock", stranger, "{\"delta\":1000}")
                        .status())
                .as("POST stock as a user")
                .isEqualTo(403);
        assertThat(saga.stock(PLENTIFUL)).as("stock after the refused writes").isEqualTo(stock);
        assertThat(gateway.get("/api/v1/products/" + product, null)
                        .expect(200)
                        .json()
                        .path("name")
                        .asString())
                .isNotEqualTo("Mine now");

        // The list above is the services' own: every operation on an id their OpenAPI documents publish
        // is one this test checks, so a new one fails here until its access rule is checked too.
        Set<String> checked = Set.of(
                "GET /api/v1/orders/{id}",
                "GET /api/v2/orders/{id}",
                "GET /api/v1/payments/{id}",
                "GET /api/v1/notifications/{id}",
                "PUT /api/v1/products/{id}",
                "POST /api/v1/products/{id}/stock",
                "GET /api/v1/products/{id}"); // public: the catalogue belongs to nobody
        assertThat(idBearingOperations())
                .as("operations on an id in the OpenAPI documents, each checked for BOLA/BFLA above")
                .isNotEmpty()
                .isSubsetOf(checked);
    }

    /** "METHOD /path/{param}" of every operation with a path parameter, from each service's OpenAPI document. */
    private Set<String> idBearingOperations() throws Exception {
        Set<String> operations = new java.util.TreeSet<>();
        for (String service : List.of("auth", "user", "order", "payment", "inventory", "notification")) {
            JsonNode document =
                    gateway.get("/api-docs/" + service, null).expect(200).json();
            for (var path : document.path("paths").properties()) {
                if (!path.getKey().contains("{")) continue;
                for (var operation : path.getValue().properties()) {
                    String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                    if (List.of("GET", "PUT", "POST", "PATCH", "DELETE").contains(method)) {
                        operations.add(method + " " + path.getKey());
                    }
                }
            }
        }
        return operations;
    }
}
