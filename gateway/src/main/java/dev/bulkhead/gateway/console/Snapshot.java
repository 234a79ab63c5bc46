package dev.bulkhead.gateway.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One reading of the whole system for the page: services and their instances, the calls between them,
 * every breaker, and the saturation, rate-limit and token-cache meters, as the instances publish them.
 */
record Snapshot(
        Instant at,
        List<Instance> instances,
        List<Call> calls,
        List<Breaker> breakers,
        List<Meter> saturation,
        List<Meter> rateLimits,
        List<Meter> tokenCache) {

    record Instance(String service, String instance, String health, String readiness) {}

    /**
     * Calls from one service to another (or to an outside system), as the caller counts them.
     *
     * @param perSecond calls per second since the console's previous reading
     * @param errorPercent share of those that failed (5xx, no answer); over all calls counted so far
     *     when there were none since the previous reading
     * @param total calls counted since the caller started
     */
    record Call(String from, String to, double perSecond, double errorPercent, long total) {}

    /**
     * @param transitions the state changes the console has seen, newest first (it reads the state
     *     every time the page refreshes, so a change shorter than that can be missed)
     */
    record Breaker(
            String service,
            String instance,
            String name,
            String state,
            double failureRate,
            double slowCallRate,
            long notPermitted,
            List<Transition> transitions) {}

    record Transition(String from, String to, Instant at) {}

    /** One series of a meter, with its labels minus {@code application}, and its rate when it is a counter. */
    record Meter(
            String service,
            String instance,
            String metric,
            Map<String, String> labels,
            double value,
            Double perSecond) {}
}
