package dev.bulkhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.order.order.ChangingOrders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The order's part of the saga against real Postgres and Kafka: inventory and payment events, built
 * from the contracts' examples, drive an order to CONFIRMED or CANCELLED; what it then publishes
 * matches its contract; redeliveries have one effect; poison goes to the dead-letter topic without
 * blocking what follows; the deadline cancels a stuck order and a late payment is only recorded.
 */
class OrderSagaIT extends RunningOrderService {

    @Autowired
    ChangingOrders changing;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry meters;

    @Test
    void confirmsTheOrderWhenStockIsReservedAndThePaymentSucceeds() {
        UUID user = UUID.randomUUID();
        UUID id = placeOrder(user);
        UUID payment = UUID.randomUUID();

        publish("inventory-events", id.toString(), orderEvent("inventory-events", "StockReserved", id, data -> {}));
        publish("payment-events", payment.toString(), paymentEvent("PaymentSucceeded", id, payment, user));

        JsonNode order =
                awaitOrder(user, id, o -> status(o).equals("CONFIRMED") && steps(o).contains("STOCK_RESERVED"));
        assertThat(order.path("cancellationReason").isNull()).isTrue();
        assertThat(steps(order)).containsSubsequence("ORDER_PLACED", "PAYMENT_SUCCEEDED", "CONFIRMED");
        ConsumerRecord<String, String> confirmed = published("order-events", "OrderConfirmed", id);
        contracts.assertValid("order-events", confirmed.value());
        JsonNode data = JSON.readTree(confirmed.value()).path("data");
        assertThat(data.path("userId").asString()).isEqualTo(user.toString());
        assertThat(data.path("total").path("amountMinor").asLong()).isEqualTo(17800);
    }

    @Test
    void countsHowOrdersEndWhyAndHowLongTheSagaTook() {
        double confirmedBefore = ended("CONFIRMED", "none");
        double outOfStockBefore = ended("CANCELLED", "OUT_OF_STOCK");
        long timedBefore = timeToTerminal("CONFIRMED");
        UUID user = UUID.randomUUID();
        UUID confirmed = placeOrder(user);
        UUID rejected = placeOrder(user);
        UUID payment = UUID.randomUUID();
        assertThat(meters.get("bulkhead.saga.orders.pending").gauge().value()).isGreaterThanOrEqualTo(2);

        publish("payment-events", payment.toString(), paymentEvent("PaymentSucceeded", confirmed, payment, user));
        publish(
                "inventory-events",
                rejected.toString(),
                orderEvent("inventory-events", "StockRejected", rejected, data -> {}));
        awaitOrder(user, confirmed, o -> status(o).equals("CONFIRMED"));
        awaitOrder(user, rejected, o -> status(o).equals("CANCELLED"));

        // recorded after commit, so a moment after the order reads as ended
        await("the saga meters", () -> ended("CONFIRMED", "none") - confirmedBefore, n -> n >= 1);
        await("the saga meters", () -> ended("CANCELLED", "OUT_OF_STOCK") - outOfStockBefore, n -> n >= 1);
        assertThat(timeToTerminal("CONFIRMED")).isGreaterThan(timedBefore);
        assertThat(meters.get("bulkhead.saga.orders.stuck").gauge().value()).isZero();
    }

    private double ended(String status, String reason) {
        Counter counter = meters.find("bulkhead.saga.orders.ended")
                .tag("status", status)
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private long timeToTerminal(String status) {
        Timer timer = meters.find("bulkhead.saga.time.to.terminal")
                .tag("status", status)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void cancelsOutOfStockWhenInventoryRejectsTheOrder() {
        UUID user = UUID.randomUUID();
        UUID id = placeOrder(user);

        publish("inventory-events", id.toString(), orderEvent("inventory-events", "StockRejected", id, data -> {}));

        JsonNode order = awaitOrder(user, id, o -> status(o).equals("CANCELLED"));
        assertThat(order.path("cancellationReason").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(steps(order)).containsSubsequence("ORDER_PLACED", "STOCK_REJECTED", "CANCELLED");
        assertCancelledEvent(id, "OUT_OF_STOCK");
    }

    @ParameterizedTest(name = "PaymentFailed {0} -> {1}")
    @CsvSource({"DECLINED, PAYMENT_DECLINED", "PROVIDER_ERROR, PAYMENT_FAILED"})
    void cancelsWithTheReasonOfAFailedPayment(String failure, String reason) {
        UUID user = UUID.randomUUID();
        UUID id = placeOrder(user);
        UUID payment = UUID.randomUUID();

        publish(
                "payment-events",
                payment.toString(),
                event(
                        "payment-events",
                        "PaymentFailed",
                        data -> data.put("orderId", id.toString())
                                .put("paymentId", payment.toString())
                                .put("userId", user.toString())
                                .put("reason", failure)));

        JsonNode order = awaitOrder(user, id, o -> status(o).equals("CANCELLED"));
        assertThat(order.path("cancellationReason").asString()).isEqualTo(reason);
        assertThat(steps(order)).containsSubsequence("PAYMENT_FAILED", "CANCELLED");
        assertCancelledEvent(id, reason);
    }

    @Test
    void confirmsOnceWhenTheSamePaymentSucceededIsDeliveredTwice() {
        UUID user = UUID.randomUUID();
        UUID id = placeOrder(user);
        UUID payment = UUID.randomUUID();
        String succeeded = paymentEvent("PaymentSucceeded", id, payment, user);

        publish("payment-events", payment.toString(), succeeded);
        publish("payment-events", payment.toString(), succeeded);
        // A different event with the same key follows both on the same partition: once it has been
        // handled, both deliveries above have been too.
        String next = paymentEvent("PaymentSucceeded", id, payment, user);
        publish("payment-events", payment.toString(), next);
        await("the event after the duplicates handled", () -> processed(next), count -> count == 1);

        JsonNode order = order(user, id);
        assertThat(status(order)).isEqualTo("CONFIRMED");
        assertThat(count(steps(order), "CONFIRMED")).isOne();
        // The first delivery confirmed, the later event was recorded as changing nothing, the
        // redelivery was not applied at all.
        assertThat(count(steps(order), "PAYMENT_SUCCEEDED")).isEqualTo(2);
        assertThat(processed(succeeded)).isOne();
        assertThat(count(
                        "select count(*) from bulkhead_outbox where message_key = ? and payload like '%\"OrderConfirmed\"%'",
                        id.toString()))
                .isOne();
    }

    private int processed(String event) {
        return count(
                "select count(*) from bulkhead_processed_event where event_id = ?",
                UUID.fromString(JSON.readTree(event).path("id").asString()));
    }

    @Test
    void sendsMalformedPaymentEventsToTheDeadLetterTopicAndGoesOnWithTheNext() {
        String notJson = "{\"type\":\"PaymentSucceeded\",\"id\":\"" + UUID.randomUUID() + "\"";
        String noOrderId = event("payment-events", "PaymentSucceeded", data -> data.put("orderId", "not-a-uuid"));
        publish("payment-events", "poison", notJson);
        publish("payment-events", "poison", noOrderId);

        UUID user = UUID.randomUUID();
        UUID id = placeOrder(user);
        UUID payment = UUID.randomUUID();
        publish("payment-events", payment.toString(), paymentEvent("PaymentSucceeded", id, payment, user));

        awaitOrder(user, id, o -> status(o).equals("CONFIRMED"));
        assertThat(readOne("payment-events.DLT", record -> notJson.equals(record.value())))
                .isNotNull();
        assertThat(readOne("payment-events.DLT", record -> noOrderId.equals(record.value())))
                .isNotNull();
    }

    @Test
    void skipsAnEventAboutAnOrderThatIsNotOursWithoutDeadLetteringIt() {
        UUID stranger = UUID.randomUUID();
        String foreign = paymentEvent("PaymentSucceeded", UUID.randomUUID(), stranger, UUID.randomUUID());
        publish("payment-events", stranger.toString(), foreign);

        // Claimed and committed: it went through the listener without an error, so not to the DLT (a
        // failed event's claim is rolled back). Waited for by its own id: a later event on another key
        // may sit on another partition and be handled first, so it would say nothing about this one.
        await("the foreign event handled", () -> processed(foreign), count -> count == 1);
    }

    @Test
    void letsTwoDeadlineSweepsNeverTakeTheSameOrderNorWaitForEachOther() throws Exception {
        UUID user = UUID.randomUUID();
        List<UUID> mine = List.of(placeOrder(user), placeOrder(user), placeOrder(user));
        Instant later = Instant.now().plus(Duration.ofHours(1)); // every PENDING order is overdue by then
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        try (ExecutorService instances = Executors.newSingleThreadExecutor()) {
            Future<List<UUID>> first = instances.submit(() -> transactions.execute(status -> {
                List<UUID> batch = changing.lockOverdue(later, 10_000);
                locked.countDown();
                await(release);
                status.setRollbackOnly();
                return batch;
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            List<UUID> second = transactions.execute(status -> changing.lockOverdue(later, 10_000));

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).containsAll(mine);
            assertThat(second).doesNotContainAnyElementsOf(mine);
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }
        List<UUID> bounded = transactions.execute(status -> changing.lockOverdue(later, 2));
        assertThat(bounded).hasSize(2);
    }

    /** The saga deadline shortened to 2 s (its own application context), so a test can watch it pass. */
    @Nested
    @TestPropertySource(properties = {"bulkhead.order.saga.deadline=2s", "bulkhead.order.saga.sweep-interval=200ms"})
    class WhenTheDeadlinePasses extends RunningOrderService {

        @Test
        void cancelsAPendingOrderWithTimeoutAndPublishesOrderCancelled() {
            UUID user = UUID.randomUUID();
            UUID id = placeOrder(user);

            JsonNode order = awaitOrder(user, id, o -> status(o).equals("CANCELLED"));

            assertThat(order.path("cancellationReason").asString()).isEqualTo("TIMEOUT");
            JsonNode cancelled =
                    order.path("timeline").get(order.path("timeline").size() - 1);
            assertThat(cancelled.path("step").asString()).isEqualTo("CANCELLED");
            assertThat(Duration.between(
                            Instant.parse(order.path("createdAt").asString()),
                            Instant.parse(cancelled.path("at").asString())))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            ConsumerRecord<String, String> event = published("order-events", "OrderCancelled", id);
            contracts.assertValid("order-events", event.value());
            assertThat(JSON.readTree(event.value()).path("data").path("reason").asString())
                    .isEqualTo("TIMEOUT");
        }

        @Test
        void recordsAPaymentThatArrivesAfterTheTimeoutAsLatePaymentAndStaysCancelled() {
            UUID user = UUID.randomUUID();
            UUID id = placeOrder(user);
            awaitOrder(user, id, o -> status(o).equals("CANCELLED"));
            UUID payment = UUID.randomUUID();

            publish("payment-events", payment.toString(), paymentEvent("PaymentSucceeded", id, payment, user));

            JsonNode order = awaitOrder(user, id, o -> steps(o).contains("LATE_PAYMENT"));
            assertThat(status(order)).isEqualTo("CANCELLED");
            assertThat(order.path("cancellationReason").asString()).isEqualTo("TIMEOUT");
            assertThat(steps(order)).doesNotContain("CONFIRMED");
            assertThat(count(
                            "select count(*) from bulkhead_outbox where message_key = ? and payload like '%\"OrderConfirmed\"%'",
                            id.toString()))
                    .isZero();
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String paymentEvent(String type, UUID orderId, UUID paymentId, UUID userId) {
        String json = event(
                "payment-events",
                type,
                data -> data.put("orderId", orderId.toString())
                        .put("paymentId", paymentId.toString())
                        .put("userId", userId.toString()));
        return ((tools.jackson.databind.node.ObjectNode) JSON.readTree(json))
                .put("subject", paymentId.toString())
                .toString();
    }

    private void assertCancelledEvent(UUID orderId, String reason) {
        ConsumerRecord<String, String> cancelled = published("order-events", "OrderCancelled", orderId);
        contracts.assertValid("order-events", cancelled.value());
        assertThat(JSON.readTree(cancelled.value()).path("data").path("reason").asString())
                .isEqualTo(reason);
    }

    static String status(JsonNode order) {
        return order.path("status").asString();
    }

    static List<String> steps(JsonNode order) {
        return order.path("timeline")
                .valueStream()
                .map(step -> step.path("step").asString())
                .toList();
    }

    static long count(List<String> steps, String step) {
        Predicate<String> same = step::equals;
        return steps.stream().filter(same).count();
    }
}
