package dev.bulkhead.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SagaWindowTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SagaWindow window = new SagaWindow(2);

    @Test
    void followsAnOrderFromPlacedToConfirmedWithTheTimeOfEachStep() {
        window.apply(event("OrderCreated", "o-1", "10:00:00.000Z", null));
        window.apply(event("StockReserved", "o-1", "10:00:00.040Z", null));
        window.apply(event("PaymentSucceeded", "o-1", "10:00:00.150Z", null));
        var confirmed = window.apply(event("OrderConfirmed", "o-1", "10:00:00.180Z", null))
                .orElseThrow();

        assertThat(confirmed.status()).isEqualTo("CONFIRMED");
        assertThat(confirmed.steps())
                .extracting(Timeline.Step::step, Timeline.Step::afterMillis)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("placed", 0L),
                        org.assertj.core.groups.Tuple.tuple("reserved", 40L),
                        org.assertj.core.groups.Tuple.tuple("charged", 150L),
                        org.assertj.core.groups.Tuple.tuple("confirmed", 180L));
    }

    @Test
    void keepsTheCancellationReasonAndOrdersStepsThatArriveOutOfOrder() {
        window.apply(event("OrderCancelled", "o-1", "10:00:01Z", "PAYMENT_DECLINED"));
        var timeline =
                window.apply(event("OrderCreated", "o-1", "10:00:00Z", null)).orElseThrow();

        assertThat(timeline.status()).isEqualTo("CANCELLED");
        assertThat(timeline.reason()).isEqualTo("PAYMENT_DECLINED");
        assertThat(timeline.steps()).extracting(Timeline.Step::step).containsExactly("placed", "cancelled");
    }

    @Test
    void forgetsTheOrderSeenFirstOnceTheWindowIsFull() {
        window.apply(event("OrderCreated", "o-1", "10:00:00Z", null));
        window.apply(event("OrderCreated", "o-2", "10:00:01Z", null));
        window.apply(event("OrderCreated", "o-3", "10:00:02Z", null));

        assertThat(window.recent()).extracting(Timeline::orderId).containsExactly("o-3", "o-2");
    }

    @Test
    void ignoresEventsThatAreNoSagaStep() {
        assertThat(window.apply(event("UserRegistered", "", "10:00:00Z", null))).isEmpty();
    }

    private static JsonNode event(String type, String orderId, String time, String reason) {
        var data = JSON.createObjectNode().put("orderId", orderId);
        if (reason != null) data.put("reason", reason);
        return JSON.createObjectNode()
                .put("type", type)
                .put("source", "test")
                .put("time", "2026-12-04T" + time)
                .set("data", data);
    }
}
