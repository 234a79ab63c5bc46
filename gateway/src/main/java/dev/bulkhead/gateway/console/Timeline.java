package dev.bulkhead.gateway.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One order's saga as its events tell it: placed, reserved, charged, confirmed, or cancelled with the
 * reason; each step with its time and how long after the order was placed it happened.
 *
 * @param status {@code PENDING} until OrderConfirmed or OrderCancelled arrives
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Timeline(String orderId, String status, String reason, Instant placedAt, List<Step> steps) {

    Timeline {
        steps = List.copyOf(steps);
    }

    /**
     * @param step what happened, in the saga's words ({@code placed}, {@code reserved}, {@code charged} ...)
     * @param event the event that said so ({@code StockReserved}), from {@code source}
     * @param afterMillis time since the order was placed, when its OrderCreated has been seen
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Step(String step, String event, String source, Instant at, Long afterMillis, String reason) {}
}
