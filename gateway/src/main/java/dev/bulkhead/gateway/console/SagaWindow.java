package dev.bulkhead.gateway.console;

import dev.bulkhead.gateway.console.Timeline.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The last N orders' timelines, built from the saga's events (the envelope of docs/events.md; every
 * saga event carries {@code data.orderId}). Bounded: past N orders, the one first seen longest ago
 * leaves. Events of one order may come from three topics in any order; steps are kept sorted by time.
 */
final class SagaWindow {

    private static final Map<String, String> STEPS = Map.of(
            "OrderCreated", "placed",
            "StockReserved", "reserved",
            "StockRejected", "out of stock",
            "StockReleased", "stock released",
            "PaymentSucceeded", "charged",
            "PaymentFailed", "payment failed",
            "PaymentRefunded", "refunded",
            "OrderConfirmed", "confirmed",
            "OrderCancelled", "cancelled");

    private record Seen(String orderId, List<Step> steps, String status, String reason) {}

    private final int capacity;
    private final LinkedHashMap<String, Seen> orders;

    SagaWindow(int capacity) {
        this.capacity = capacity;
        this.orders = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > SagaWindow.this.capacity;
            }
        };
    }

    /** @return the order's timeline after this event, or empty for an event that is no saga step */
    synchronized Optional<Timeline> apply(JsonNode event) {
        String type = event.path("type").asString("");
        String step = STEPS.get(type);
        String orderId = event.path("data").path("orderId").asString("");
        if (step == null || orderId.isEmpty()) return Optional.empty();
        Instant at = Instant.parse(event.path("time").asString(Instant.EPOCH.toString()));
        String reason = event.path("data").path("reason").asString(null);
        var seen = orders.getOrDefault(orderId, new Seen(orderId, List.of(), "PENDING", null));
        var steps = new ArrayList<>(seen.steps());
        steps.add(new Step(step, type, event.path("source").asString(""), at, null, reason));
        steps.sort(Comparator.comparing(Step::at));
        String status = switch (type) {
            case "OrderConfirmed" -> "CONFIRMED";
            case "OrderCancelled" -> "CANCELLED";
            default -> seen.status();
        };
        var updated = new Seen(orderId, steps, status, type.equals("OrderCancelled") ? reason : seen.reason());
        orders.put(orderId, updated);
        return Optional.of(timeline(updated));
    }

    /** Newest first. */
    synchronized List<Timeline> recent() {
        var all = new ArrayList<Timeline>();
        orders.values().forEach(seen -> all.add(timeline(seen)));
        return all.reversed();
    }

    private static Timeline timeline(Seen seen) {
        Instant placed = seen.steps().stream()
                .filter(s -> s.event().equals("OrderCreated"))
                .map(Step::at)
                .findFirst()
                .orElse(null);
        var steps = seen.steps().stream()
                .map(s -> new Step(
                        s.step(),
                        s.event(),
                        s.source(),
                        s.at(),
                        placed == null ? null : Duration.between(placed, s.at()).toMillis(),
                        s.reason()))
                .toList();
        return new Timeline(seen.orderId(), seen.status(), seen.reason(), placed, steps);
    }
}
