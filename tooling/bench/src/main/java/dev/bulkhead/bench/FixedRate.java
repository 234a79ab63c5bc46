package dev.bulkhead.bench;

import dev.bulkhead.bench.load.Latencies;
import dev.bulkhead.bench.load.OpenLoop;
import dev.bulkhead.bench.load.Sample;
import dev.bulkhead.bench.system.MemoryMonitor;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Latency at a fixed rate, half of the gateway's best throughput on the route: a load the gateway can
 * carry, so the figures show what it adds to each request, not how it queues when saturated. Each
 * latency counts from the request's scheduled send time (see {@link OpenLoop}).
 */
final class FixedRate {

    /** Half of the measured maximum: comfortably below saturation, well above idle. */
    static final double SHARE_OF_MAX = 0.5;

    /**
     * The generator's connections to each target, at most (see {@link OpenLoop}): like wrk2's {@code -c},
     * far more than the few requests in flight at half the best rate, so no request waits for one in a
     * steady run; a stall makes the requests due during it wait in the generator instead of opening
     * hundreds more connections, and the wait counts in their latency either way.
     */
    static final int CONNECTIONS = 64;

    /**
     * The measured time of each target in slices, gateway, direct and nginx in turn, so that the machine's
     * drift (a GC-heavy minute elsewhere in the stack, the JIT) falls on all three alike, as the
     * throughput rounds are interleaved.
     */
    static final int SLICES = 4;

    /** Before each later slice: the generator's new connections open and are not reported. */
    static final Duration SLICE_WARMUP = Duration.ofSeconds(2);

    private final Bench.Stack stack;
    private final Optional<MemoryMonitor> memoryMonitor;
    private final PrintStream log;

    FixedRate(Bench.Stack stack, Optional<MemoryMonitor> memoryMonitor, PrintStream log) {
        this.stack = stack;
        this.memoryMonitor = memoryMonitor;
        this.log = log;
    }

    List<Results.FixedRate> run(List<Route> routes, Results.All throughput, int nginxPort)
            throws IOException, InterruptedException {
        var options = stack.options();
        var results = new ArrayList<Results.FixedRate>();
        for (var route : routes) {
            var max = throughput.gatewayMax(route.name());
            if (max.isEmpty() || max.getAsDouble() < 1) {
                log.println("  " + route.name() + ": no gateway throughput measured, no fixed-rate run");
                continue;
            }
            double rate = Math.max(1, Math.floor(max.getAsDouble() * SHARE_OF_MAX));
            String token = stack.session().token();
            var gatewayTarget = route.via(Results.GATEWAY, Bench.GATEWAY_PORT, token);
            var directTarget = route.via(Results.DIRECT, route.servicePort(), token);
            var nginxTarget = route.via(Results.NGINX, nginxPort, token);
            var gatewaySamples = new ArrayList<Sample>();
            var directSamples = new ArrayList<Sample>();
            var nginxSamples = new ArrayList<Sample>();
            var slice = options.fixedRate().dividedBy(SLICES);
            double monitorBefore = memoryMonitor.map(MemoryMonitor::cpuMillis).orElse(0.0);
            long startedNanos = System.nanoTime();
            for (int i = 0; i < SLICES; i++) {
                var warmup = i == 0 ? options.fixedRateWarmup() : SLICE_WARMUP;
                gatewaySamples.addAll(OpenLoop.run(gatewayTarget, rate, CONNECTIONS, warmup, slice));
                directSamples.addAll(OpenLoop.run(directTarget, rate, CONNECTIONS, warmup, slice));
                nginxSamples.addAll(OpenLoop.run(nginxTarget, rate, CONNECTIONS, warmup, slice));
            }
            var gateway = Latencies.of(gatewaySamples);
            var direct = Latencies.of(directSamples);
            var nginx = Latencies.of(nginxSamples);
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            var monitorMillisPerSecond = memoryMonitor
                    .map(monitor -> OptionalDouble.of((monitor.cpuMillis() - monitorBefore) / seconds))
                    .orElse(OptionalDouble.empty());
            var result = new Results.FixedRate(route.name(), rate, gateway, direct, nginx, monitorMillisPerSecond);
            log.printf(
                    Locale.ROOT,
                    "  %-8s %s req/s  p99 gateway %s ms, direct %s ms (÷ %s), nginx %s ms (÷ %s)%n",
                    route.name(),
                    Format.perSecond(rate),
                    Format.millis(gateway.p99()),
                    Format.millis(direct.p99()),
                    Format.ratio(result.p99Ratio()),
                    Format.millis(nginx.p99()),
                    Format.ratio(result.nginxP99Ratio()));
            monitorMillisPerSecond.ifPresent(millis -> log.printf(
                    Locale.ROOT,
                    "           the kernel's memory monitor used %.1f ms of CPU per second meanwhile%n",
                    millis));
            results.add(result);
        }
        return results;
    }
}
