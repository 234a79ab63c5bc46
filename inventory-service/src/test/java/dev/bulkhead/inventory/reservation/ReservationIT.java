package dev.bulkhead.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.inventory.InventoryIntegration;
import dev.bulkhead.testsupport.contracts.EventContracts;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The saga participant against real Postgres and Kafka: order-events in (shaped like the contracts'
 * examples), inventory-events out (checked against the contracts), stock conserved throughout.
 */
class ReservationIT extends InventoryIntegration {

    private static final String ORDERS = "order-events";
    private static final String INVENTORY = "inventory-events";
    private static final EventContracts contracts = EventContracts.ofRepository();

    @Test
    void reservesEveryLineOfAnOrderAndSaysSoMatchingTheContract() throws Exception {
        UUID keyboard = createProduct("Reserved keyboard", "89.00", 10);
        UUID mouse = createProduct("Reserved mouse", "49.90", 5);
        UUID orderId = UUID.randomUUID();

        send(orderCreated(orderId, line(keyboard, 2), line(mouse, 5)));

        JsonNode reserved = readEvent("StockReserved", orderId);
        assertThat(reserved.path("data").path("items").size()).isEqualTo(2);
        assertThat(units(keyboard)).isEqualTo(new Units(8, 2));
        assertThat(units(mouse)).isEqualTo(new Units(0, 5));
        assertThat(status(orderId)).isEqualTo("RESERVED");
    }

    @Test
    void rejectsAnOrderThatDoesNotFitWholeAndReservesNoneOfIt() throws Exception {
        UUID plenty = createProduct("Plentiful hub", "39.90", 10);
        UUID scarce = createProduct("Scarce headphones", "179.00", 3);
        UUID orderId = UUID.randomUUID();

        send(orderCreated(orderId, line(plenty, 2), line(scarce, 4)));

        JsonNode rejected = readEvent("StockRejected", orderId);
        assertThat(rejected.path("data").path("reason").asString()).isEqualTo("OUT_OF_STOCK");
        JsonNode shortage = rejected.path("data").path("shortages").get(0);
        assertThat(rejected.path("data").path("shortages").size()).isOne();
        assertThat(shortage.path("productId").asString()).isEqualTo(scarce.toString());
        assertThat(shortage.path("requested").asInt()).isEqualTo(4);
        assertThat(shortage.path("available").asInt()).isEqualTo(3);
        assertThat(units(plenty)).as("the line that fitted is not held either").isEqualTo(new Units(10, 0));
        assertThat(units(scarce)).isEqualTo(new Units(3, 0));
        assertThat(status(orderId)).isEqualTo("REJECTED");
    }

    @Test
    void rejectsAnOrderForAProductThatDoesNotExist() throws Exception {
        UUID known = createProduct("Known product", "1.00", 10);
        UUID unknown = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();

        send(orderCreated(orderId, line(known, 1), line(unknown, 1)));

        JsonNode rejected = readEvent("StockRejected", orderId);
        assertThat(rejected.path("data").path("reason").asString()).isEqualTo("UNKNOWN_PRODUCT");
        assertThat(rejected.path("data")
                        .path("shortages")
                        .get(0)
                        .path("productId")
                        .asString())
                .isEqualTo(unknown.toString());
        assertThat(units(known)).isEqualTo(new Units(10, 0));
    }

    @Test
    void releasesTheReservationOfACancelledOrderBackToStock() throws Exception {
        UUID keyboard = createProduct("Released keyboard", "89.00", 10);
        UUID orderId = UUID.randomUUID();
        send(orderCreated(orderId, line(keyboard, 3)));
        readEvent("StockReserved", orderId);

        send(orderEvent("OrderCancelled", orderId));

        JsonNode released = readEvent("StockReleased", orderId);
        assertThat(released.path("data").path("items").get(0).path("quantity").asInt())
                .isEqualTo(3);
        assertThat(units(keyboard)).isEqualTo(new Units(10, 0));
        assertThat(status(orderId)).isEqualTo("RELEASED");
    }

    @Test
    void commitsTheReservationOfAConfirmedOrder() throws Exception {
        UUID keyboard = createProduct("Committed keyboard", "89.00", 10);
        UUID orderId = UUID.randomUUID();
        send(orderCreated(orderId, line(keyboard, 3)));
        readEvent("StockReserved", orderId);

        send(orderEvent("OrderConfirmed", orderId));

        await("order " + orderId + " committed", () -> "COMMITTED".equals(status(orderId)));
        assertThat(units(keyboard)).as("sold: gone from stock, no longer held").isEqualTo(new Units(7, 0));

        String cancelled = orderEvent("OrderCancelled", orderId); // cannot happen in the saga; must not undo a sale
        send(cancelled);
        awaitHandled(cancelled); // its effect is none, so only its claimed id says it was handled
        UUID next = UUID.randomUUID();
        send(orderCreated(next, line(keyboard, 1)));
        readEvent("StockReserved", next);
        assertThat(units(keyboard)).isEqualTo(new Units(6, 1));
        assertThat(status(orderId)).isEqualTo("COMMITTED");
    }

    @Test
    void reservesOnceWhenTheSameOrderCreatedArrivesTwice() throws Exception {
        UUID keyboard = createProduct("Twice keyboard", "89.00", 10);
        UUID orderId = UUID.randomUUID();
        String created = orderCreated(orderId, line(keyboard, 2));

        send(created);
        send(created);
        // A redelivery with a new event id (a producer that re-sent) is recognised by the order id.
        String resent = withNewEventId(created);
        send(resent);
        awaitHandled(resent); // same key, so the two before it were handled first
        UUID next = UUID.randomUUID();
        send(orderCreated(next, line(keyboard, 1)));
        readEvent("StockReserved", next);

        assertThat(units(keyboard)).isEqualTo(new Units(7, 3));
        assertThat(count("select count(*) from bulkhead_outbox where message_key = ?", orderId.toString()))
                .as("one StockReserved for the order")
                .isOne();
    }

    @Test
    void reservesNothingForAnOrderCancelledBeforeItsCreationArrived() throws Exception {
        UUID keyboard = createProduct("Late keyboard", "89.00", 10);
        UUID orderId = UUID.randomUUID();

        send(orderEvent("OrderCancelled", orderId));
        String created = orderCreated(orderId, line(keyboard, 2));
        send(created);
        awaitHandled(created);
        UUID next = UUID.randomUUID();
        send(orderCreated(next, line(keyboard, 1)));
        readEvent("StockReserved", next);

        assertThat(units(keyboard)).isEqualTo(new Units(9, 1));
        assertThat(status(orderId)).isEqualTo("RELEASED");
        assertThat(count("select count(*) from bulkhead_outbox where message_key = ?", orderId.toString()))
                .isZero();
    }

    @Test
    void sendsAnUnreadableEventToTheDeadLetterTopicAndGoesOnWithTheNext() throws Exception {
        UUID keyboard = createProduct("After poison keyboard", "89.00", 10);
        String poison = "{\"type\":\"OrderCreated\",\"id\":\"" + UUID.randomUUID() + "\"";
        String noItems = orderCreated(UUID.randomUUID(), line(keyboard, 1))
                .replaceFirst("\"items\":\\[[^\\]]*\\]", "\"items\":[]");
        kafka.send(ORDERS, "poison", poison).get();
        kafka.send(ORDERS, "poison", noItems).get();

        UUID next = UUID.randomUUID();
        send(orderCreated(next, line(keyboard, 1)));

        readEvent("StockReserved", next);
        assertThat(readOne(ORDERS + ".DLT", record -> poison.equals(record.value())))
                .isNotNull();
        assertThat(readOne(ORDERS + ".DLT", record -> noItems.equals(record.value())))
                .isNotNull();
        assertThat(units(keyboard)).isEqualTo(new Units(9, 1));
    }

    @Test
    void readsEveryExampleOfTheOrderEventsContract() throws Exception {
        UUID keyboard = createProduct("Example keyboard", "89.00", 10);
        List<String> examples = contracts.examples(ORDERS);
        ObjectNode created = example(examples, "OrderCreated");
        ObjectNode confirmed = example(examples, "OrderConfirmed");
        ObjectNode cancelled = example(examples, "OrderCancelled");
        // The examples name a product of their own: point their line at one this database has.
        ((ArrayNode) created.path("data").path("items"))
                .valueStream()
                .forEach(item -> ((ObjectNode) item).put("productId", keyboard.toString()));
        UUID orderId = UUID.fromString(created.path("data").path("orderId").asString());
        int quantity =
                created.path("data").path("items").get(0).path("quantity").asInt();

        for (ObjectNode example : List.of(created, confirmed, cancelled)) {
            contracts.assertValid(ORDERS, example.toString());
            kafka.send(ORDERS, example.path("subject").asString(), example.toString())
                    .get();
        }

        for (ObjectNode example : List.of(created, confirmed, cancelled)) {
            awaitHandled(example.toString());
        }
        assertThat(status(orderId))
                .as("created, confirmed, then a cancellation that cannot undo a sale")
                .isEqualTo("COMMITTED");
        assertThat(units(keyboard)).isEqualTo(new Units(10 - quantity, 0));
        JsonNode reserved = readEvent("StockReserved", orderId);
        assertThat(reserved.path("data").path("items").get(0).path("quantity").asInt())
                .isEqualTo(quantity);
    }

    // --- helpers ---------------------------------------------------------------------------

    private record OrderLine(UUID productId, int quantity) {}

    private static OrderLine line(UUID productId, int quantity) {
        return new OrderLine(productId, quantity);
    }

    /** An OrderCreated in the shape of the contracts' example, for this order and these lines. */
    private static String orderCreated(UUID orderId, OrderLine... lines) {
        ObjectNode event = example(contracts.examples(ORDERS), "OrderCreated");
        envelope(event, orderId);
        ObjectNode data = (ObjectNode) event.path("data");
        data.put("orderId", orderId.toString());
        ArrayNode items = data.putArray("items");
        long total = 0;
        for (OrderLine line : lines) {
            ObjectNode item = items.addObject()
                    .put("productId", line.productId().toString())
                    .put("productName", "Product " + line.productId())
                    .put("quantity", line.quantity());
            item.putObject("unitPrice").put("amountMinor", 100).put("currency", "EUR");
            total += 100L * line.quantity();
        }
        data.putObject("total").put("amountMinor", total).put("currency", "EUR");
        String json = event.toString();
        contracts.assertValid(ORDERS, json);
        return json;
    }

    /** An OrderConfirmed or OrderCancelled in the shape of the contracts' example, for this order. */
    private static String orderEvent(String type, UUID orderId) {
        ObjectNode event = example(contracts.examples(ORDERS), type);
        envelope(event, orderId);
        ((ObjectNode) event.path("data")).put("orderId", orderId.toString());
        String json = event.toString();
        contracts.assertValid(ORDERS, json);
        return json;
    }

    private static void envelope(ObjectNode event, UUID orderId) {
        event.put("id", UUID.randomUUID().toString())
                .put("subject", orderId.toString())
                .put("time", Instant.now().toString());
    }

    private static String withNewEventId(String event) {
        return ((ObjectNode) JSON.readTree(event))
                .put("id", UUID.randomUUID().toString())
                .toString();
    }

    private static ObjectNode example(List<String> examples, String type) {
        return (ObjectNode) examples.stream()
                .map(JSON::readTree)
                .filter(node -> type.equals(node.path("type").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " example in contracts/"));
    }

    /**
     * Waits until the service has handled this event: its id is claimed in the transaction that applies
     * it. What follows an event on the same key is handled after it; an event on another key (another
     * order) may land on another partition and be handled first, so it is never a barrier.
     */
    private void awaitHandled(String event) {
        JsonNode node = JSON.readTree(event);
        String eventId = node.path("id").asString();
        await(
                node.path("type").asString() + " " + eventId + " handled",
                () -> count("select count(*) from bulkhead_processed_event where event_id = ?::uuid", eventId) == 1);
    }

    private void send(String event) throws Exception {
        kafka.send(ORDERS, JSON.readTree(event).path("subject").asString(), event)
                .get();
    }

    /** The first {@code type} on inventory-events for the order, checked against its contract. */
    private JsonNode readEvent(String type, UUID orderId) {
        ConsumerRecord<String, String> record = readOne(
                INVENTORY,
                candidate -> orderId.toString().equals(candidate.key())
                        && type.equals(
                                JSON.readTree(candidate.value()).path("type").asString()));
        contracts.assertValid(INVENTORY, record.value());
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.path("subject").asString()).isEqualTo(orderId.toString());
        assertThat(event.path("data").path("orderId").asString()).isEqualTo(orderId.toString());
        return event;
    }

    private String status(UUID orderId) {
        List<String> found =
                jdbc.queryForList("select status from reservation where order_id = ?", String.class, orderId);
        return found.isEmpty() ? null : found.getFirst();
    }
}
