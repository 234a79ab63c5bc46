package dev.bulkhead.gateway.routes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every answer a route gave instead of its service (breaker open, saturated, timed out, unreachable,
 * the service's own 5xx): counted in {@value #METRIC} by route and reason, and logged at most once per
 * route and reason every {@link #LOG_EVERY}, with how many more there were. Under overload a line per
 * refusal would cost the gateway more than the refusal itself and bury the one line that matters.
 */
final class RouteRefusals {

    static final String METRIC = "bulkhead.gateway.route.refusals";

    /** Often enough to see an outage start and end in the log; rare enough to cost nothing. */
    static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RouteRefusals.class);

    private final MeterRegistry meters;
    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    RouteRefusals(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Registers the route's counters at zero, so dashboards and alerts see them before the first refusal. */
    void register(String route) {
        for (String reason : RouteFallback.REASONS) {
            kind(route, reason);
        }
    }

    void record(String route, String reason, int status, Throwable failure) {
        Kind kind = kind(route, reason);
        kind.counter.increment();
        long now = System.nanoTime();
        long last = kind.lastLogged.get();
        if (now - last < LOG_EVERY.toNanos() || !kind.lastLogged.compareAndSet(last, now)) {
            kind.unlogged.incrementAndGet();
            return;
        }
        long more = kind.unlogged.getAndSet(0);
        log.warn(
                "Route {} answered {} ({}): {}{}",
                route,
                status,
                reason,
                failure.toString(),
                more == 0 ? "" : " (and " + more + " more like it since the last line)");
    }

    private Kind kind(String route, String reason) {
        return kinds.computeIfAbsent(
                route + '\n' + reason,
                key -> new Kind(Counter.builder(METRIC)
                        .description("Answers a route gave instead of its service, by reason")
                        .tag("route", route)
                        .tag("reason", reason)
                        .register(meters)));
    }

    private static final class Kind {
        private final Counter counter;
        private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY.toNanos());
        private final AtomicLong unlogged = new AtomicLong();

        private Kind(Counter counter) {
            this.counter = counter;
        }
    }
}
