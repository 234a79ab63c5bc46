package dev.bulkhead.gateway.console;

import dev.bulkhead.gateway.console.Snapshot.Breaker;
import dev.bulkhead.gateway.console.Snapshot.Call;
import dev.bulkhead.gateway.console.Snapshot.Meter;
import dev.bulkhead.gateway.console.Snapshot.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the instances' samples into a {@link Snapshot}. What a single page of metrics cannot say, it
 * derives from the previous reading: rates (the counters' increase over the time between two readings)
 * and breaker transitions (a state different from the last one seen). That is the only state it keeps,
 * a few numbers per series, bounded by the series the services publish.
 */
final class Readings {

    /** Transitions kept per breaker: the recent story, not an audit log. */
    static final int TRANSITIONS_KEPT = 10;

    static final String CALLS = "http_client_requests_seconds_count";
    static final String BREAKER_STATE = "resilience4j_circuitbreaker_state";
    static final String RATE_LIMITS = "bulkhead_gateway_rate_limit_decisions_total";

    private static final Set<String> BREAKERS = Set.of(
            BREAKER_STATE,
            "resilience4j_circuitbreaker_failure_rate",
            "resilience4j_circuitbreaker_slow_call_rate",
            "resilience4j_circuitbreaker_not_permitted_calls_total");

    private static final Set<String> SATURATION = Set.of(
            "resilience4j_bulkhead_available_concurrent_calls",
            "resilience4j_bulkhead_max_allowed_concurrent_calls",
            "bulkhead_gateway_route_concurrency_limit",
            "bulkhead_gateway_route_concurrency_inflight",
            "bulkhead_gateway_route_concurrency_queued",
            "bulkhead_gateway_route_refusals_total",
            "bulkhead_downstream_rejections_total",
            "bulkhead_requests_shed_total");

    private static final Set<String> TOKEN_CACHE =
            Set.of("bulkhead_token_cache_total", "bulkhead_token_cache_redis_fallbacks_total");

    /** Every metric family a reading uses: what the probes keep of a Prometheus page. */
    static final Set<String> FAMILIES = Stream.of(Set.of(CALLS, RATE_LIMITS), BREAKERS, SATURATION, TOKEN_CACHE)
            .flatMap(Set::stream)
            .collect(Collectors.toUnmodifiableSet());

    private record Counted(double value, Instant at) {}

    private final Set<String> services;
    private final Map<String, Counted> previous = new HashMap<>();
    private final Map<String, String> states = new HashMap<>();
    private final Map<String, LinkedList<Transition>> transitions = new HashMap<>();

    /** @param services the names in {@code bulkhead.services}: how a caller's client is matched to its target */
    Readings(Set<String> services) {
        this.services = Set.copyOf(services);
    }

    synchronized Snapshot read(List<Probe> probes, Instant now) {
        var rates = new HashMap<String, Double>();
        for (var probe : probes) {
            for (var sample : probe.samples()) {
                if (!isCounter(sample.name())) continue;
                String key = key(probe, sample);
                var before = previous.put(key, new Counted(sample.value(), now));
                if (before != null && now.isAfter(before.at()) && sample.value() >= before.value()) {
                    double seconds = Duration.between(before.at(), now).toMillis() / 1000.0;
                    rates.put(key, (sample.value() - before.value()) / seconds);
                }
            }
        }
        return new Snapshot(
                now,
                probes.stream()
                        .map(p -> new Snapshot.Instance(p.service(), p.instance(), p.health(), p.readiness()))
                        .toList(),
                calls(probes, rates),
                breakers(probes, now),
                meters(probes, rates, SATURATION::contains),
                meters(probes, rates, RATE_LIMITS::equals),
                meters(probes, rates, TOKEN_CACHE::contains));
    }

    private List<Call> calls(List<Probe> probes, Map<String, Double> rates) {
        record Edge(String from, String to) {}
        var perSecond = new LinkedHashMap<Edge, Double>();
        var failedPerSecond = new HashMap<Edge, Double>();
        var total = new HashMap<Edge, Long>();
        var failed = new HashMap<Edge, Long>();
        for (var probe : probes) {
            for (var sample : probe.samples()) {
                if (!sample.name().equals(CALLS)) continue;
                String to = target(sample);
                if (to == null) continue; // the console's own probes and other unattributed clients
                var edge = new Edge(probe.service(), to);
                double rate = rates.getOrDefault(key(probe, sample), 0.0);
                boolean error = isError(sample);
                perSecond.merge(edge, rate, Double::sum);
                total.merge(edge, (long) sample.value(), Long::sum);
                if (error) {
                    failedPerSecond.merge(edge, rate, Double::sum);
                    failed.merge(edge, (long) sample.value(), Long::sum);
                }
            }
        }
        return perSecond.entrySet().stream()
                .map(e -> {
                    var edge = e.getKey();
                    double rate = e.getValue();
                    double errorPercent = rate > 0
                            ? 100 * failedPerSecond.getOrDefault(edge, 0.0) / rate
                            : percent(failed.getOrDefault(edge, 0L), total.get(edge));
                    return new Call(edge.from(), edge.to(), round(rate), round(errorPercent), total.get(edge));
                })
                .sorted(Comparator.comparing(Call::from).thenComparing(Call::to))
                .toList();
    }

    /**
     * The called service: the gateway's routes name it ({@code lb://order}); a service's Feign client
     * is matched by its interface name ({@code ...InventoryClient} is inventory), and one that matches
     * no service is an outside system ({@code PaymentProviderClient} is payment-provider).
     */
    String target(Sample sample) {
        String route = sample.label("spring_cloud_gateway_route_uri");
        if (route.startsWith("lb://")) return route.substring("lb://".length());
        String client = sample.label("clientName");
        if (client.isEmpty()) return null;
        String simple = client.substring(client.lastIndexOf('.') + 1).replaceFirst("Client$", "");
        String kebab = simple.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return services.contains(kebab) ? kebab : kebab.isEmpty() ? client : kebab;
    }

    private static boolean isError(Sample sample) {
        // 5xx, or no status at all (a timeout, a refused connection); a 4xx is the caller's mistake, not a failure
        String status = sample.label("http_status_code");
        String error = sample.label("error");
        return status.startsWith("5")
                || status.equals("UNKNOWN")
                || (!error.isEmpty() && !error.equals("none") && !status.startsWith("4"));
    }

    private List<Breaker> breakers(List<Probe> probes, Instant now) {
        var breakers = new ArrayList<Breaker>();
        for (var probe : probes) {
            Map<String, Map<String, Double>> byName = new TreeMap<>();
            for (var sample : probe.samples()) {
                if (BREAKERS.contains(sample.name())) {
                    String metric = sample.name().equals(BREAKER_STATE)
                            ? "state:" + sample.label("state")
                            : sample.name() + (sample.label("kind").isEmpty() ? "" : ":" + sample.label("kind"));
                    byName.computeIfAbsent(sample.label("name"), n -> new HashMap<>())
                            .merge(metric, sample.value(), Double::sum);
                }
            }
            byName.forEach((name, values) -> {
                String state = values.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("state:") && e.getValue() >= 1)
                        .map(e -> e.getKey().substring("state:".length()).toUpperCase(Locale.ROOT))
                        .findFirst()
                        .orElse("UNKNOWN");
                String key = probe.instance() + "|" + name;
                String before = states.put(key, state);
                var seen = transitions.computeIfAbsent(key, k -> new LinkedList<>());
                if (before != null && !before.equals(state)) {
                    seen.addFirst(new Transition(before, state, now));
                    if (seen.size() > TRANSITIONS_KEPT) seen.removeLast();
                }
                breakers.add(new Breaker(
                        probe.service(),
                        probe.instance(),
                        name,
                        state,
                        values.getOrDefault("resilience4j_circuitbreaker_failure_rate", -1.0),
                        values.getOrDefault("resilience4j_circuitbreaker_slow_call_rate", -1.0),
                        values.getOrDefault("resilience4j_circuitbreaker_not_permitted_calls_total", 0.0)
                                .longValue(),
                        List.copyOf(seen)));
            });
        }
        return breakers;
    }

    private static List<Meter> meters(List<Probe> probes, Map<String, Double> rates, Predicate<String> family) {
        var meters = new ArrayList<Meter>();
        for (var probe : probes) {
            for (var sample : probe.samples()) {
                if (!family.test(sample.name())) continue;
                var labels = sample.labels().entrySet().stream()
                        .filter(e -> !e.getKey().equals("application"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
                Double rate = isCounter(sample.name()) ? round(rates.getOrDefault(key(probe, sample), 0.0)) : null;
                meters.add(new Meter(probe.service(), probe.instance(), sample.name(), labels, sample.value(), rate));
            }
        }
        return meters;
    }

    private static boolean isCounter(String name) {
        return name.endsWith("_total") || name.endsWith("_count");
    }

    private static String key(Probe probe, Sample sample) {
        return probe.instance() + "|" + sample.name() + new TreeMap<>(sample.labels());
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : round(100.0 * part / whole);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
