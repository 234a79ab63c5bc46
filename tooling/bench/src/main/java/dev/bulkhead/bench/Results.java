package dev.bulkhead.bench;

import dev.bulkhead.bench.load.Latencies;
import dev.bulkhead.bench.load.WrkResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** What each phase measured, as the report and the verdict read it. */
final class Results {

    private Results() {}

    static final String GATEWAY = "gateway";
    static final String DIRECT = "direct";
    static final String NGINX = "nginx";

    /**
     * One wrk round.
     *
     * @param route products or users
     * @param connections wrk's -c
     * @param target gateway, direct or nginx
     * @param wrk what wrk reported
     * @param proxyCpuMsPerRequest CPU the proxy (gateway JVM, or nginx master and workers) used per request
     */
    record Round(String route, int connections, String target, WrkResult wrk, OptionalDouble proxyCpuMsPerRequest) {}

    /**
     * A fixed-rate run of one route through the gateway, directly and through nginx, at the same rate.
     *
     * @param route products or users
     * @param rate requests per second
     * @param gateway latencies via the gateway
     * @param direct latencies straight to the service
     * @param nginx latencies via nginx: what a plain reverse proxy adds on the same machine at the same
     *     rate, the reference that says how much of the gateway's ratio any proxy would have here
     * @param monitorMillisPerSecond CPU the kernel's memory monitor used per second of these rounds, if one
     *     runs: machine noise that falls on all three targets (see {@link dev.bulkhead.bench.system.MemoryMonitor})
     */
    record FixedRate(
            String route,
            double rate,
            Latencies gateway,
            Latencies direct,
            Latencies nginx,
            OptionalDouble monitorMillisPerSecond) {
        double p99Ratio() {
            return gateway.p99() / direct.p99();
        }

        double nginxP99Ratio() {
            return nginx.p99() / direct.p99();
        }
    }

    /**
     * The frozen-service run.
     *
     * @param frozenRoute the route whose service was frozen
     * @param otherRoute the route watched meanwhile
     * @param rate requests per second on each route
     * @param openAfterSeconds from the freeze to the first fast 503 problem document, if one came
     * @param openState latencies of the frozen route while its breaker was open
     * @param otherBaseline the other route just before the freeze
     * @param otherDuringFreeze the other route while the service was frozen
     * @param recoveredAfterSeconds from the resume to the frozen route's first 200, if it came back
     */
    record FailFast(
            String frozenRoute,
            String otherRoute,
            double rate,
            OptionalDouble openAfterSeconds,
            Latencies openState,
            Latencies otherBaseline,
            Latencies otherDuringFreeze,
            OptionalDouble recoveredAfterSeconds) {}

    /**
     * The saga run.
     *
     * @param orders orders placed
     * @param confirmed how many reached CONFIRMED
     * @param cancelled how many were CANCELLED
     * @param unfinished still PENDING (or unreadable) when given up on
     * @param ordersPerSecond confirmed orders per second of the run
     * @param postToConfirmed from the POST to the poll that saw CONFIRMED
     */
    record Saga(
            int orders,
            int confirmed,
            int cancelled,
            int unfinished,
            double ordersPerSecond,
            Latencies postToConfirmed) {}

    /** Everything one run measured; a phase that did not run is empty. */
    record All(List<Round> rounds, List<FixedRate> fixedRates, Optional<FailFast> failFast, Optional<Saga> saga) {

        Optional<Round> round(String route, int connections, String target) {
            return rounds.stream()
                    .filter(r -> r.route().equals(route)
                            && r.connections() == connections
                            && r.target().equals(target))
                    .findFirst();
        }

        /** The highest req/s the gateway reached on the route, over every concurrency. */
        OptionalDouble gatewayMax(String route) {
            return rounds.stream()
                    .filter(r -> r.route().equals(route) && r.target().equals(GATEWAY))
                    .mapToDouble(r -> r.wrk().perSecond())
                    .max();
        }

        /** Throughput of the gateway divided by that of the other target, same route and concurrency. */
        OptionalDouble gatewayOver(String route, int connections, String other) {
            var gateway = round(route, connections, GATEWAY);
            var reference = round(route, connections, other);
            if (gateway.isEmpty()
                    || reference.isEmpty()
                    || reference.get().wrk().perSecond() <= 0) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(
                    gateway.get().wrk().perSecond() / reference.get().wrk().perSecond());
        }
    }
}
