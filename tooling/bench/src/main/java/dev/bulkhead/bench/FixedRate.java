package dev.bulkhead.bench;

import dev.bulkhead.bench.load.Latencies;
import dev.bulkhead.bench.load.OpenLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Latency at a fixed rate, half of the gateway's best throughput on the route: a load the gateway can
 * carry, so the figures show what it adds to each request, not how it queues when saturated. Each
 * latency counts from the request's scheduled send time (see {@link OpenLoop}).
 */
final class FixedRate {

    /** Half of the measured maximum: comfortably below saturation, well above idle. */
    static final double SHARE_OF_MAX = 0.5;

    private final Bench.Stack stack;
    private final PrintStream log;

    FixedRate(Bench.Stack stack, PrintStream log) {
        this.stack = stack;
        this.log = log;
    }

    List<Results.FixedRate> run(List<Route> routes, Results.All throughput) throws IOException, InterruptedException {
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
            var gateway = Latencies.of(OpenLoop.run(
                    route.via(Results.GATEWAY, Bench.GATEWAY_PORT, token),
                    rate,
                    options.fixedRateWarmup(),
                    options.fixedRate()));
            var direct = Latencies.of(OpenLoop.run(
                    route.via(Results.DIRECT, route.servicePort(), token),
                    rate,
                    options.fixedRateWarmup(),
                    options.fixedRate()));
            var result = new Results.FixedRate(route.name(), rate, gateway, direct);
            log.printf(
                    Locale.ROOT,
                    "  %-8s %s req/s  p99 gateway %s ms, direct %s ms (÷ %s)%n",
                    route.name(),
                    Format.perSecond(rate),
                    Format.millis(gateway.p99()),
                    Format.millis(direct.p99()),
                    Format.ratio(result.p99Ratio()));
            results.add(result);
        }
        return results;
    }
}
