package dev.bulkhead.payment;

import dev.bulkhead.testsupport.contracts.EventContracts;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events payment-service consumes, as their producers send them. Every one is checked against its
 * contract before a test uses it, so the tests never feed the service something no producer could send.
 */
final class SagaEvents {

    static final String ORDER_EVENTS = "order-events";
    static final String INVENTORY_EVENTS = "inventory-events";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventContracts contracts = EventContracts.ofRepository();

    private SagaEvents() {}

    /** An order as the saga knows it: id, customer, total (EUR), card token. */
    record Order(UUID id, UUID userId, long amountMinor, String token) {

        static Order of(String token) {
            return new Order(UUID.randomUUID(), UUID.randomUUID(), 17800, token);
        }

        String key() {
            return id.toString();
        }
    }

    static String orderCreated(Order order) {
        ObjectNode event = envelope("OrderCreated", "order-service", order.id());
        ObjectNode data = event.putObject("data").put("orderId", order.id().toString());
        data.put("userId", order.userId().toString());
        ObjectNode line = data.putArray("items").addObject();
        line.put("productId", UUID.randomUUID().toString())
                .put("productName", "Mechanical keyboard")
                .put("quantity", 2);
        line.putObject("unitPrice").put("amountMinor", order.amountMinor() / 2).put("currency", "EUR");
        data.putObject("total").put("amountMinor", order.amountMinor()).put("currency", "EUR");
        data.put("paymentToken", order.token())
                .put("deadline", Instant.now().plusSeconds(30).toString())
                .put("createdAt", Instant.now().toString());
        return checked(ORDER_EVENTS, event);
    }

    static String stockReserved(Order order) {
        ObjectNode event = envelope("StockReserved", "inventory-service", order.id());
        ObjectNode data = event.putObject("data").put("orderId", order.id().toString());
        data.putArray("items")
                .addObject()
                .put("productId", UUID.randomUUID().toString())
                .put("quantity", 2);
        data.put("reservedAt", Instant.now().toString());
        return checked(INVENTORY_EVENTS, event);
    }

    static String orderCancelled(Order order, String reason) {
        ObjectNode event = envelope("OrderCancelled", "order-service", order.id());
        ObjectNode data = event.putObject("data").put("orderId", order.id().toString());
        data.put("userId", order.userId().toString()).put("reason", reason);
        data.putObject("total").put("amountMinor", order.amountMinor()).put("currency", "EUR");
        data.put("cancelledAt", Instant.now().toString());
        return checked(ORDER_EVENTS, event);
    }

    /** The same event published again as a new one (a new envelope id): a producer-side duplicate. */
    static String republished(String event) {
        ObjectNode node = (ObjectNode) JSON.readTree(event);
        node.put("id", UUID.randomUUID().toString());
        return node.toString();
    }

    static UUID idOf(String event) {
        return UUID.fromString(JSON.readTree(event).path("id").asString());
    }

    private static ObjectNode envelope(String type, String source, UUID subject) {
        return JSON.createObjectNode()
                .put("id", UUID.randomUUID().toString())
                .put("type", type)
                .put("version", 1)
                .put("source", source)
                .put("time", Instant.now().toString())
                .put("subject", subject.toString());
    }

    private static String checked(String topic, ObjectNode event) {
        String json = event.toString();
        contracts.assertValid(topic, json);
        return json;
    }
}
