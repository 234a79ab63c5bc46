package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.systemtests.Gateway.Answer;
import dev.bulkhead.systemtests.Gateway.User;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The order saga as a user sees it through the gateway of a running stack: the README walk-through
 * and its failure cases. Every check reads the public API only, as a user with curl would.
 */
final class OrderSaga {

    /** The demo catalogue's first products (inventory-service/src/main/resources/catalogue/demo.json). */
    static final String KEYBOARD = "00000000-0000-4000-8000-000000000001";

    static final String PLENTIFUL = "00000000-0000-4000-8000-000000000002";
    static final Duration SAGA = Duration.ofSeconds(30);

    /** Statuses of a payment after which nothing more happens to it. */
    static final List<String> SETTLED_PAYMENTS = List.of("CHARGED", "DECLINED", "FAILED", "REFUNDED", "CANCELLED");

    private final Gateway gateway;

    OrderSaga(Gateway gateway) {
        this.gateway = gateway;
    }

    static Map<String, Object> order(String token, Object... productAndQuantity) {
        var items = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            items.add(Map.of("productId", productAndQuantity[i], "quantity", productAndQuantity[i + 1]));
        }
        return Map.of("items", items, "paymentToken", token);
    }

    Answer place(User user, Map<String, Object> order) throws Exception {
        return place(user, order, UUID.randomUUID().toString());
    }

    Answer place(User user, Map<String, Object> order, String idempotencyKey) throws Exception {
        return gateway.post("/api/v1/orders", user, order, Map.of("Idempotency-Key", idempotencyKey));
    }

    /** Places an order and waits until the saga has ended it; returns the final order. */
    JsonNode placeAndAwait(User user, Map<String, Object> order) throws Exception {
        var placed = place(user, order).expect(202);
        assertThat(placed.header("Location")).startsWith("/api/v1/orders/");
        return awaitTerminal(user, placed.json().path("id").asString());
    }

    JsonNode awaitTerminal(User user, String orderId) throws Exception {
        return gateway.await(
                        "/api/v1/orders/" + orderId,
                        user,
                        SAGA,
                        answer -> answer.status() == 200
                                && !"PENDING"
                                        .equals(answer.json().path("status").asString()))
                .json();
    }

    int stock(String productId) throws Exception {
        return gateway.get("/api/v1/products/" + productId, null)
                .expect(200)
                .json()
                .path("stock")
                .asInt();
    }

    void awaitStock(String productId, int wanted) throws Exception {
        gateway.await(
                "/api/v1/products/" + productId,
                null,
                SAGA,
                answer -> answer.status() == 200 && answer.json().path("stock").asInt() == wanted);
    }

    /** The order's payments once none of them can change any more. */
    List<JsonNode> settledPayments(User user, String orderId) throws Exception {
        var answer = gateway.await("/api/v1/payments?orderId=" + orderId, user, SAGA, a -> {
            if (a.status() == 404) return false; // payment-service has not seen the order yet
            var items = a.json().path("items");
            if (items.isEmpty()) return false;
            for (JsonNode payment : items) {
                if (!SETTLED_PAYMENTS.contains(payment.path("status").asString())) return false;
            }
            return true;
        });
        var payments = new ArrayList<JsonNode>();
        answer.json().path("items").forEach(payments::add);
        return payments;
    }

    /** What the customer has paid for this order in the end: charged minus refunded. */
    BigDecimal netCharged(User user, String orderId) throws Exception {
        BigDecimal net = BigDecimal.ZERO;
        for (JsonNode payment : settledPayments(user, orderId)) {
            if ("CHARGED".equals(payment.path("status").asString())) {
                net = net.add(
                        new BigDecimal(payment.path("amount").path("amount").asString()));
            }
        }
        return net;
    }

    static BigDecimal total(JsonNode order) {
        return new BigDecimal(order.path("total").path("amount").asString());
    }

    static List<String> steps(JsonNode order) {
        var steps = new ArrayList<String>();
        order.path("timeline").forEach(step -> steps.add(step.path("step").asString()));
        return steps;
    }
}
