package dev.bulkhead.systemtests;

import static dev.bulkhead.systemtests.OrderSaga.PLENTIFUL;
import static dev.bulkhead.systemtests.OrderSaga.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.otlp.OtlpReceiver;
import dev.bulkhead.testsupport.otlp.OtlpReceiver.Kind;
import dev.bulkhead.testsupport.otlp.OtlpReceiver.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One order, one trace: the spans every service exported to the test's {@link OtlpReceiver} while
 * the saga ran, followed from the gateway's server span through HTTP (gateway route, Feign) and Kafka
 * (outbox relay PRODUCER → listener CONSUMER) to notification-service's OrderConfirmed consumer.
 */
final class OrderTrace {

    static final List<String> SERVICES =
            List.of("gateway", "order-service", "inventory-service", "payment-service", "notification-service");

    /** Spans leave in batches (every 5 s by default); the slowest service's batch is waited for. */
    private static final Duration EXPORTED = Duration.ofSeconds(30);

    private final Gateway gateway;
    private final OrderSaga saga;
    private final OtlpReceiver receiver;

    OrderTrace(Gateway gateway, OrderSaga saga, OtlpReceiver receiver) {
        this.gateway = gateway;
        this.saga = saga;
        this.receiver = receiver;
    }

    void followsAnOrderFromTheGatewayToItsLastStep() throws Exception {
        var user = gateway.newUser("Tracy Trace");
        Instant before = Instant.now();
        var placed = saga.place(user, order("tok_ok", PLENTIFUL, 1)).expect(202);
        var confirmed = saga.awaitTerminal(user, placed.json().path("id").asString());
        assertThat(confirmed.path("status").asString()).as(confirmed.toString()).isEqualTo("CONFIRMED");

        long since = before.getEpochSecond() * 1_000_000_000L + before.getNano();
        List<Span> trace = awaitCompleteTrace(since);
        System.out.println("Trace " + trace.getFirst().traceId() + " of order "
                + confirmed.path("id").asString() + " (" + trace.size() + " spans):\n" + tree(trace));

        Map<String, Span> byId =
                trace.stream().collect(Collectors.toMap(Span::spanId, Function.identity(), (a, b) -> a));
        Span root = trace.stream().filter(Span::isRoot).findFirst().orElseThrow();
        assertThat(root.service()).as("the trace's root").isEqualTo("gateway");
        assertThat(root.kind()).isEqualTo(Kind.SERVER);
        assertThat(trace).as("one trace id").extracting(Span::traceId).containsOnly(root.traceId());
        assertThat(trace.stream().map(Span::service).distinct().toList())
                .as("services in the trace")
                .containsAll(SERVICES);
        assertThat(trace.stream().filter(s -> !s.isRoot() && !byId.containsKey(s.parentSpanId())))
                .as("spans whose parent is not in the trace")
                .isEmpty();

        // HTTP: the gateway's route calls order-service; order-service's Feign client calls inventory-service.
        assertThat(trace)
                .as("order-service's server span, child of the gateway")
                .anyMatch(s -> s.service().equals("order-service")
                        && s.kind() == Kind.SERVER
                        && byId.get(s.parentSpanId()).service().equals("gateway"));
        assertThat(trace)
                .as("inventory-service's server span, child of order-service's Feign client span")
                .anyMatch(s -> s.service().equals("inventory-service")
                        && s.kind() == Kind.SERVER
                        && byId.get(s.parentSpanId()).service().equals("order-service")
                        && byId.get(s.parentSpanId()).kind() == Kind.CLIENT);

        // Kafka: every listener's span continues the relay's send, which continues the writing transaction.
        List<Span> consumers =
                trace.stream().filter(s -> s.kind() == Kind.CONSUMER).toList();
        assertThat(consumers.stream().map(Span::service).distinct().toList())
                .as("services consuming in this trace")
                .contains("inventory-service", "payment-service", "order-service", "notification-service");
        for (Span consumer : consumers) {
            Span producer = byId.get(consumer.parentSpanId());
            assertThat(producer.kind()).as("parent of %s", consumer).isEqualTo(Kind.PRODUCER);
            assertThat(producer.isRoot())
                    .as("%s has a parent: the writer's span", producer)
                    .isFalse();
        }

        // The last step: notification-service's consumer of OrderConfirmed, reached through payment and confirm.
        assertThat(consumers)
                .as("notification-service consuming what order-service wrote after payment-service's answer")
                .anyMatch(s -> s.service().equals("notification-service") && reachedThroughTheConfirmation(s, byId));
    }

    private List<Span> awaitCompleteTrace(long since) throws InterruptedException {
        long deadline = System.nanoTime() + EXPORTED.toNanos();
        List<Span> best = List.of();
        do {
            List<Span> spans = receiver.spans();
            for (Span root : spans) {
                if (root.service().equals("gateway")
                        && root.kind() == Kind.SERVER
                        && root.startNanos() >= since
                        && root.mentions("POST")
                        && root.mentions("/api/v1/orders")) {
                    List<Span> trace = receiver.trace(root.traceId());
                    if (trace.size() > best.size()) best = trace;
                    if (complete(trace)) return trace;
                }
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        if (best.isEmpty()) {
            throw new AssertionError("no gateway server span of the POST among "
                    + receiver.spans().size()
                    + " spans received; services seen: "
                    + receiver.services());
        }
        System.out.println("Incomplete trace after " + EXPORTED + ":\n" + tree(best));
        return best;
    }

    /** Every parent received, and notification-service's confirmation consumer among the spans. */
    private static boolean complete(List<Span> trace) {
        Map<String, Span> byId =
                trace.stream().collect(Collectors.toMap(Span::spanId, Function.identity(), (a, b) -> a));
        boolean linked = trace.stream().allMatch(s -> s.isRoot() || byId.containsKey(s.parentSpanId()));
        return linked
                && trace.stream()
                        .anyMatch(s -> s.service().equals("notification-service")
                                && s.kind() == Kind.CONSUMER
                                && reachedThroughTheConfirmation(s, byId));
    }

    /** Whether the path from {@code span} up to the root passes payment-service, then order-service consuming. */
    private static boolean reachedThroughTheConfirmation(Span span, Map<String, Span> byId) {
        boolean orderConsumed = false;
        for (Span at = span; at != null; at = at.isRoot() ? null : byId.get(at.parentSpanId())) {
            if (at.service().equals("order-service") && at.kind() == Kind.CONSUMER) orderConsumed = true;
            if (at.service().equals("payment-service") && orderConsumed) return true;
        }
        return false;
    }

    /** The spans as an indented tree, children in start order: "service: name [KIND]". */
    static String tree(List<Span> trace) {
        var out = new StringBuilder();
        var ids = trace.stream().map(Span::spanId).collect(Collectors.toSet());
        trace.stream()
                .filter(s -> s.isRoot() || !ids.contains(s.parentSpanId()))
                .sorted(Comparator.comparingLong(Span::startNanos))
                .forEach(s -> print(s, trace, 0, out));
        return out.toString();
    }

    private static void print(Span span, List<Span> trace, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(span).append('\n');
        var children = new ArrayList<>(trace.stream()
                .filter(s -> s.parentSpanId().equals(span.spanId()))
                .toList());
        children.sort(Comparator.comparingLong(Span::startNanos));
        children.forEach(child -> print(child, trace, depth + 1, out));
    }
}
