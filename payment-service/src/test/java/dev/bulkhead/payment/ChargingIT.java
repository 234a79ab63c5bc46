package dev.bulkhead.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.bulkhead.payment.SagaEvents.INVENTORY_EVENTS;
import static dev.bulkhead.payment.SagaEvents.JSON;
import static dev.bulkhead.payment.SagaEvents.ORDER_EVENTS;
import static dev.bulkhead.payment.SagaEvents.orderCancelled;
import static dev.bulkhead.payment.SagaEvents.orderCreated;
import static dev.bulkhead.payment.SagaEvents.stockReserved;
import static dev.bulkhead.testsupport.http.ProblemAssertions.assertThatProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.bulkhead.payment.SagaEvents.Order;
import dev.bulkhead.testsupport.RunningService;
import dev.bulkhead.testsupport.Topics;
import dev.bulkhead.testsupport.contracts.EventContracts;
import dev.bulkhead.testsupport.http.Eventually;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * payment-service against real Postgres and Kafka and the provider simulator's own mapping files
 * (in-process WireMock): the join of OrderCreated and StockReserved in either order, one charge per
 * order whatever is redelivered, declines and provider errors, refunds (a late charge included), a
 * slow provider that holds up nobody else, poison records, and reading payments back over HTTP.
 *
 * <p>The context is closed after the class: another context of this service in the same JVM would
 * join the same consumer group and take partitions, and with them these tests' events.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulkhead.payment.charges.max-attempts=" + ChargingIT.MAX_ATTEMPTS,
            "bulkhead.payment.charges.initial-backoff=100ms",
            "bulkhead.payment.charges.max-backoff=200ms"
        })
@DirtiesContext
class ChargingIT extends RunningService {

    static final int MAX_ATTEMPTS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PAYMENT_EVENTS = "payment-events";

    private static final WireMockServer provider = ProviderSimulator.start();
    private static final EventContracts contracts = EventContracts.ofRepository();

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) {
        registry.add("bulkhead.clients.payment-provider.url", provider::baseUrl);
    }

    @AfterAll
    static void stop() {
        provider.stop();
    }

    // --- charging -------------------------------------------------------------------------------

    @Test
    void chargesOnceWithTheOrderIdAsIdempotencyKeyAndReportsPaymentSucceeded() throws Exception {
        Order order = Order.of("tok_ok");

        send(ORDER_EVENTS, order, orderCreated(order));
        send(INVENTORY_EVENTS, order, stockReserved(order));

        ConsumerRecord<String, String> succeeded = awaitPaymentEvent("PaymentSucceeded", order);
        contracts.assertValid(PAYMENT_EVENTS, succeeded.value());
        JsonNode data = JSON.readTree(succeeded.value()).path("data");
        assertThat(succeeded.key()).isEqualTo(data.path("paymentId").asString());
        assertThat(data.path("userId").asString()).isEqualTo(order.userId().toString());
        assertThat(data.path("amount").path("amountMinor").asLong()).isEqualTo(17800);
        assertThat(data.path("providerReference").asString()).isEqualTo("ch_" + order.id());
        provider.verify(
                exactly(1),
                charges(order)
                        .withRequestBody(matchingJsonPath("$.reference", equalTo(order.key())))
                        .withRequestBody(matchingJsonPath("$.token", equalTo("tok_ok")))
                        .withRequestBody(matchingJsonPath("$.amountMinor", equalTo("17800")))
                        .withRequestBody(matchingJsonPath("$.currency", equalTo("EUR"))));
        assertThat(statusOf(order)).hasValue("CHARGED");
    }

    @Test
    void chargesWhenStockReservedArrivesBeforeOrderCreated() throws Exception {
        Order order = Order.of("tok_ok");

        send(INVENTORY_EVENTS, order, stockReserved(order));
        await(() -> statusOf(order).equals(Optional.of("AWAITING_ORDER")), "the reservation waiting for its order");
        assertThat(requests(charges(order))).isZero();
        send(ORDER_EVENTS, order, orderCreated(order));

        awaitPaymentEvent("PaymentSucceeded", order);
        provider.verify(exactly(1), charges(order));
    }

    @Test
    void chargesOnceAndReportsOnceWhenEveryEventIsDeliveredTwice() throws Exception {
        Order order = Order.of("tok_ok");
        String created = orderCreated(order);
        String reserved = stockReserved(order);
        // The same facts once more under new event ids (a producer that published twice); they come
        // last on their partitions, so once they are applied, everything before them has been too.
        String createdAgain = SagaEvents.republished(created);
        String reservedAgain = SagaEvents.republished(reserved);

        send(ORDER_EVENTS, order, created);
        send(ORDER_EVENTS, order, created);
        send(INVENTORY_EVENTS, order, reserved);
        send(INVENTORY_EVENTS, order, reserved);
        send(ORDER_EVENTS, order, createdAgain);
        send(INVENTORY_EVENTS, order, reservedAgain);

        awaitPaymentEvent("PaymentSucceeded", order);
        await(() -> applied(createdAgain) && applied(reservedAgain), "every delivery consumed");
        provider.verify(exactly(1), charges(order));
        assertThat(paymentEventsAbout(order)).extracting(ChargingIT::typeOf).containsExactly("PaymentSucceeded");
    }

    @Test
    void reportsADeclinedCardAsPaymentFailedDeclinedWithoutRetrying() throws Exception {
        Order order = Order.of("tok_declined");

        send(ORDER_EVENTS, order, orderCreated(order));
        send(INVENTORY_EVENTS, order, stockReserved(order));

        ConsumerRecord<String, String> failed = awaitPaymentEvent("PaymentFailed", order);
        contracts.assertValid(PAYMENT_EVENTS, failed.value());
        assertThat(JSON.readTree(failed.value()).path("data").path("reason").asString())
                .isEqualTo("DECLINED");
        provider.verify(exactly(1), charges(order));
        assertThat(statusOf(order)).hasValue("DECLINED");
    }

    @Test
    void neverReportsAChargeTheProviderLeftUnansweredAsFailedButKeepsItDue() throws Exception {
        Order order = Order.of("tok_error");

        send(ORDER_EVENTS, order, orderCreated(order));
        send(INVENTORY_EVENTS, order, stockReserved(order));

        await(
                () -> requests(postRequestedFor(urlEqualTo("/v1/charges"))
                                .withRequestBody(matchingJsonPath("$.reference", equalTo(order.key()))))
                        >= MAX_ATTEMPTS,
                "the retries in a row");
        Thread.sleep(1_000); // past the last try's answer: a PaymentFailed would have been published by now
        // A 503 says nothing about the card: the provider may have charged it. Reporting the charge
        // failed would cancel an order whose money it holds; it stays due for the sweep to ask again.
        assertThat(paymentEventsAbout(order)).extracting(ChargingIT::typeOf).doesNotContain("PaymentFailed");
        assertThat(statusOf(order)).hasValue("CHARGE_REQUESTED");
        // Every try carried the same key, which is what makes asking again safe.
        provider.verify(exactly(MAX_ATTEMPTS), charges(order));
    }

    // --- cancellations and refunds ---------------------------------------------------------------

    @Test
    void refundsOnceWhenTheOrderIsCancelledAfterTheCharge() throws Exception {
        Order order = Order.of("tok_ok");
        send(ORDER_EVENTS, order, orderCreated(order));
        send(INVENTORY_EVENTS, order, stockReserved(order));
        awaitPaymentEvent("PaymentSucceeded", order);

        String cancelled = orderCancelled(order, "TIMEOUT");
        send(ORDER_EVENTS, order, cancelled);
        send(ORDER_EVENTS, order, cancelled);
        send(ORDER_EVENTS, order, SagaEvents.republished(cancelled));

        ConsumerRecord<String, String> refunded = awaitPaymentEvent("PaymentRefunded", order);
        contracts.assertValid(PAYMENT_EVENTS, refunded.value());
        assertThat(JSON.readTree(refunded.value())
                        .path("data")
                        .path("providerReference")
                        .asString())
                .isEqualTo("re_" + order.id());
        provider.verify(
                exactly(1), refunds(order).withRequestBody(matchingJsonPath("$.charge", equalTo("ch_" + order.id()))));
        provider.verify(exactly(1), charges(order));
        assertThat(statusOf(order)).hasValue("REFUNDED");
    }

    @Test
    void neverChargesAnOrderCancelledBeforeItsStockWasReserved() throws Exception {
        Order order = Order.of("tok_ok");
        String cancelled = orderCancelled(order, "TIMEOUT");
        String lateReservation = stockReserved(order);

        send(ORDER_EVENTS, order, orderCreated(order));
        send(ORDER_EVENTS, order, cancelled);
        // The two topics are consumed independently: only once the cancellation is applied is the
        // reservation "late".
        await(() -> applied(cancelled), "the cancellation consumed");
        send(INVENTORY_EVENTS, order, lateReservation);

        await(() -> applied(lateReservation), "the late reservation consumed");
        assertThat(statusOf(order)).hasValue("CANCELLED");
        assertThat(requests(charges(order))).isZero();
        assertThat(paymentEventsAbout(order)).isEmpty();
    }

    @Test
    void refundsALateChargeThatSucceedsAfterTheOrderWasCancelled() throws Exception {
        Order order = Order.of("tok_slow");
        // tok_slow answers after 35 s; the same behaviour in 3 s, for this order only.
        StubMapping slow = slowCharge(order, Duration.ofSeconds(3));
        try {
            send(ORDER_EVENTS, order, orderCreated(order));
            send(INVENTORY_EVENTS, order, stockReserved(order));
            await(() -> requests(charges(order)) == 1, "the charge under way");

            send(ORDER_EVENTS, order, orderCancelled(order, "TIMEOUT")); // the saga deadline passed

            ConsumerRecord<String, String> succeeded = awaitPaymentEvent("PaymentSucceeded", order);
            ConsumerRecord<String, String> refunded = awaitPaymentEvent("PaymentRefunded", order);
            contracts.assertValid(PAYMENT_EVENTS, refunded.value());
            assertThat(refunded.partition()).isEqualTo(succeeded.partition());
            assertThat(refunded.offset()).isGreaterThan(succeeded.offset());
            provider.verify(exactly(1), charges(order));
            provider.verify(exactly(1), refunds(order));
            assertThat(statusOf(order)).hasValue("REFUNDED");
        } finally {
            provider.removeStub(slow);
        }
    }

    @Test
    void aSlowChargeDoesNotHoldUpAnotherOrdersCharge() throws Exception {
        Order slowOrder = Order.of("tok_slow");
        Order quickOrder = Order.of("tok_ok");
        Duration slowness = Duration.ofSeconds(6);
        StubMapping slow = slowCharge(slowOrder, slowness);
        try {
            send(ORDER_EVENTS, slowOrder, orderCreated(slowOrder));
            send(INVENTORY_EVENTS, slowOrder, stockReserved(slowOrder));
            await(() -> requests(charges(slowOrder)) == 1, "the slow charge under way");
            long start = System.nanoTime();

            send(ORDER_EVENTS, quickOrder, orderCreated(quickOrder));
            send(INVENTORY_EVENTS, quickOrder, stockReserved(quickOrder));
            awaitPaymentEvent("PaymentSucceeded", quickOrder);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(slowness);
            assertThat(statusOf(slowOrder)).as("the slow one is still waiting").hasValue("CHARGE_REQUESTED");
            awaitPaymentEvent("PaymentSucceeded", slowOrder);
        } finally {
            provider.removeStub(slow);
        }
    }

    // --- reading events ------------------------------------------------------------------------

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicAndGoesOnWithTheNext() throws Exception {
        String poison = "{\"type\":\"StockReserved\",\"id\":\"not-a-uuid\"";
        kafka.send(INVENTORY_EVENTS, "poison", poison).get();
        Order next = Order.of("tok_ok");

        send(ORDER_EVENTS, next, orderCreated(next));
        send(INVENTORY_EVENTS, next, stockReserved(next));

        awaitPaymentEvent("PaymentSucceeded", next);
        assertThat(Topics.readingWith(consumers, TIMEOUT)
                        .first(INVENTORY_EVENTS + ".DLT", record -> poison.equals(record.value())))
                .isNotNull();
    }

    @Test
    void readsEveryExampleOfTheOrderAndInventoryEventsContracts() throws Exception {
        List<String> orderExamples = contracts.examples(ORDER_EVENTS);
        List<String> inventoryExamples = contracts.examples(INVENTORY_EVENTS);
        String exampleOrder = orderIdOf(orderExamples.getFirst());
        // Events of another order under the examples' key: on the same partitions, so they are
        // applied only after every example before them.
        Order marker = Order.of("tok_ok");
        String markerCreated = orderCreated(marker);
        String markerReserved = stockReserved(marker);

        for (String example : orderExamples)
            kafka.send(ORDER_EVENTS, exampleOrder, example).get();
        for (String example : inventoryExamples)
            kafka.send(INVENTORY_EVENTS, exampleOrder, example).get();
        kafka.send(ORDER_EVENTS, exampleOrder, markerCreated).get();
        kafka.send(INVENTORY_EVENTS, exampleOrder, markerReserved).get();

        await(() -> applied(markerCreated) && applied(markerReserved), "the examples and the markers consumed");
        Map<String, Object> payment = jdbc.queryForMap("select * from payment where order_id = ?::uuid", exampleOrder);
        assertThat(payment.get("user_id")).hasToString("3b7e9f2a-1c4d-4e8f-9a0b-6c5d4e3f2a1b");
        assertThat(payment.get("amount_minor")).isEqualTo(17800L);
        assertThat(payment.get("payment_token")).isEqualTo("tok_ok");
        assertThat(payment)
                .as("OrderCreated, StockReserved and OrderCancelled all applied")
                .extractingByKeys("order_created_at", "stock_reserved_at", "order_cancelled_at")
                .doesNotContainNull();
        List<String> deadLetters = new ArrayList<>();
        deadLetters.addAll(values(ORDER_EVENTS + ".DLT"));
        deadLetters.addAll(values(INVENTORY_EVENTS + ".DLT"));
        for (String example : concat(orderExamples, inventoryExamples)) {
            String id = SagaEvents.idOf(example).toString();
            assertThat(deadLetters).as("dead letters").noneMatch(letter -> letter.contains(id));
        }
    }

    // --- reading payments over HTTP (the queries API) ----------------------------------------------

    @Test
    void showsTheCallerTheirOwnPaymentByOrderIdAndById() throws Exception {
        Order order = Order.of("tok_ok");
        send(ORDER_EVENTS, order, orderCreated(order));
        send(INVENTORY_EVENTS, order, stockReserved(order));
        String paymentId = JSON.readTree(
                        awaitPaymentEvent("PaymentSucceeded", order).value())
                .path("subject")
                .asString();
        await(() -> statusOf(order).equals(Optional.of("CHARGED")), "the charge recorded");

        var byOrder = get("/api/v1/payments?orderId=" + order.id(), order.userId());
        var byId = get("/api/v1/payments/" + paymentId, order.userId());

        assertThat(byOrder.statusCode()).as(byOrder.body()).isEqualTo(200);
        JsonNode items = JSON.readTree(byOrder.body()).path("items");
        assertThat(items.size()).isOne();
        JsonNode payment = items.get(0);
        assertThat(payment.path("id").asString()).isEqualTo(paymentId);
        assertThat(payment.path("orderId").asString()).isEqualTo(order.key());
        assertThat(payment.path("status").asString()).isEqualTo("CHARGED");
        assertThat(payment.path("amount").path("amount").asString()).isEqualTo("178.00");
        assertThat(payment.path("amount").path("currency").asString()).isEqualTo("EUR");
        assertThat(payment.path("chargedAt").isString()).isTrue();
        assertThat(payment.path("refundedAt").isNull()).isTrue();
        assertThat(byOrder.body()).doesNotContain("tok_ok");
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(byId.body())).isEqualTo(payment);
    }

    @Test
    void answersNotFoundForAnotherUsersPaymentJustAsForOneThatDoesNotExist() throws Exception {
        Order order = Order.of("tok_ok");
        send(ORDER_EVENTS, order, orderCreated(order));
        send(INVENTORY_EVENTS, order, stockReserved(order));
        String paymentId = JSON.readTree(
                        awaitPaymentEvent("PaymentSucceeded", order).value())
                .path("subject")
                .asString();
        UUID mallory = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();

        var othersByOrder = get("/api/v1/payments?orderId=" + order.id(), mallory);
        var othersById = get("/api/v1/payments/" + paymentId, mallory);
        var unknownByOrder = get("/api/v1/payments?orderId=" + unknown, mallory);
        var unknownById = get("/api/v1/payments/" + unknown, mallory);

        for (var response : List.of(othersByOrder, othersById, unknownByOrder, unknownById)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).path("title").asString()).isEqualTo("Payment not found");
        }
        // No oracle: apart from the id the caller sent, "someone else's" reads exactly like "no such thing".
        assertThat(othersByOrder.body().replace(order.key(), "ID"))
                .isEqualTo(unknownByOrder.body().replace(unknown.toString(), "ID"));
        assertThat(othersById.body().replace(paymentId, "ID"))
                .isEqualTo(unknownById.body().replace(unknown.toString(), "ID"));
    }

    @Test
    void refusesAMissingOrMalformedOrderIdWithABadRequestAndAnonymousCallersWithUnauthorized() throws Exception {
        UUID caller = UUID.randomUUID();

        for (String query : List.of("/api/v1/payments", "/api/v1/payments?orderId=", "/api/v1/payments?orderId=42")) {
            var response = get(query, caller);
            assertThatProblem(response)
                    .hasStatus(400)
                    .hasType("invalid-request")
                    .hasErrorsOn("orderId")
                    .hasDetailContaining("orderId");
        }
        var anonymous = http().get("/api/v1/payments?orderId=" + UUID.randomUUID());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    // --- helpers -------------------------------------------------------------------------------

    private void send(String topic, Order order, String event) throws Exception {
        kafka.send(topic, order.key(), event).get();
    }

    private static RequestPatternBuilder charges(Order order) {
        return postRequestedFor(urlEqualTo("/v1/charges")).withHeader("Idempotency-Key", equalTo(order.key()));
    }

    private static RequestPatternBuilder refunds(Order order) {
        return postRequestedFor(urlEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("refund-" + order.key()));
    }

    private static int requests(RequestPatternBuilder pattern) {
        return provider.findAll(pattern).size();
    }

    /** This order's tok_slow charge answered after {@code delay}, ahead of the file mapping's 35 s. */
    private static StubMapping slowCharge(Order order, Duration delay) {
        return provider.stubFor(post(urlEqualTo("/v1/charges"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.reference", equalTo(order.key())))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"ch_" + order.key() + "\",\"status\":\"succeeded\"}")
                        .withFixedDelay((int) delay.toMillis())));
    }

    private ConsumerRecord<String, String> awaitPaymentEvent(String type, Order order) {
        return Topics.readingWith(consumers, TIMEOUT).first(PAYMENT_EVENTS, record -> isAbout(record, type, order));
    }

    private static boolean isAbout(ConsumerRecord<String, String> record, String type, Order order) {
        JsonNode event = JSON.readTree(record.value());
        return type.equals(event.path("type").asString())
                && order.key().equals(event.path("data").path("orderId").asString());
    }

    /** Every record on payment-events about the order, read to the end of the topic. */
    private List<ConsumerRecord<String, String>> paymentEventsAbout(Order order) {
        Predicate<ConsumerRecord<String, String>> about = record -> order.key()
                .equals(JSON.readTree(record.value())
                        .path("data")
                        .path("orderId")
                        .asString());
        return all(PAYMENT_EVENTS).stream().filter(about).toList();
    }

    private List<String> values(String topic) {
        return all(topic).stream().map(ConsumerRecord::value).toList();
    }

    private List<ConsumerRecord<String, String>> all(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (Consumer<String, String> consumer = consumers.createConsumer("test-" + UUID.randomUUID(), null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            if (partitions.isEmpty()) return records;
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) throw new AssertionError("could not read " + topic + " to its end");
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String typeOf(ConsumerRecord<String, String> record) {
        return JSON.readTree(record.value()).path("type").asString();
    }

    private static String orderIdOf(String event) {
        return JSON.readTree(event).path("data").path("orderId").asString();
    }

    private boolean applied(String event) {
        Integer count = jdbc.queryForObject(
                "select count(*) from bulkhead_processed_event where event_id = ?",
                Integer.class,
                SagaEvents.idOf(event));
        return count != null && count > 0;
    }

    private Optional<String> statusOf(Order order) {
        return jdbc.queryForList("select status from payment where order_id = ?", String.class, order.id()).stream()
                .findFirst();
    }

    private static void await(BooleanSupplier condition, String what) {
        Eventually.within(TIMEOUT).until(what, condition);
    }

    private HttpResponse<String> get(String path, UUID caller) {
        return http().get(path, "Authorization", "Bearer " + auth.token(caller, "USER"));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
