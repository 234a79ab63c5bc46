package dev.bulkhead.bench;

import dev.bulkhead.bench.load.HttpTarget;
import dev.bulkhead.bench.load.Wrk;
import dev.bulkhead.bench.system.CpuTime;
import dev.bulkhead.bench.system.Nginx;
import dev.bulkhead.bench.system.Profiler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Closed-loop throughput with wrk at each concurrency, for each route, through the gateway, directly and
 * through nginx. The three targets of a route run one after another at each concurrency (round-robin),
 * so a drift of the machine (another process, a GC-heavy minute, thermal throttling) hits all three
 * about equally instead of whichever happened to run last.
 */
final class Throughput {

    private final Bench.Stack stack;
    private final Nginx nginx;
    private final PrintStream log;

    Throughput(Bench.Stack stack, Nginx nginx, PrintStream log) {
        this.stack = stack;
        this.nginx = nginx;
        this.log = log;
    }

    List<Results.Round> run(List<Route> routes) throws IOException, InterruptedException {
        var options = stack.options();
        log.printf(
                Locale.ROOT,
                "warm-up: wrk c16 for %d s on each route and target%n",
                options.warmup().toSeconds());
        for (var route : routes) {
            for (var target : Bench.TARGETS) {
                Wrk.run(target(route, target), 16, options.warmup());
            }
        }
        var rounds = new ArrayList<Results.Round>();
        for (int connections : Options.CONNECTIONS) {
            for (var route : routes) {
                for (var target : Bench.TARGETS) {
                    rounds.add(round(route, target, connections));
                }
            }
        }
        return rounds;
    }

    private Results.Round round(Route route, String target, int connections) throws IOException, InterruptedException {
        var options = stack.options();
        var pids = proxyPids(target);
        boolean profiled =
                options.profile() && target.equals(Results.GATEWAY) && connections == Options.PROFILED_CONNECTIONS;
        Profiler profiler = profiled ? startProfiler() : null;
        double cpuBefore = CpuTime.millisOf(pids);
        var wrk = Wrk.run(target(route, target), connections, options.round());
        double cpuAfter = CpuTime.millisOf(pids);
        if (profiler != null) {
            Path html = stack.out()
                    .resolve("flamegraph-gateway-" + route.name() + "-c" + connections + "-" + stack.stamp() + ".html");
            profiler.stopTo(html);
            log.println("  flame graph (" + profiler.event() + "): " + html);
        }
        var cpu = pids.isEmpty() || wrk.requests() == 0
                ? OptionalDouble.empty()
                : OptionalDouble.of((cpuAfter - cpuBefore) / wrk.requests());
        log.printf(
                Locale.ROOT,
                "  %-8s c%-3d %-7s %9s req/s  non-2xx %d  errors %d  cpu ms/req %s%n",
                route.name(),
                connections,
                target,
                Format.perSecond(wrk.perSecond()),
                wrk.non2xx(),
                wrk.socketErrors(),
                Format.millis(cpu));
        return new Results.Round(route.name(), connections, target, wrk, cpu);
    }

    private Profiler startProfiler() throws IOException {
        return Profiler.start(stack.gateway().pid(), stack.out().resolve("async-profiler"));
    }

    private List<Long> proxyPids(String target) {
        return switch (target) {
            case Results.GATEWAY -> List.of(stack.gateway().pid());
            case Results.NGINX -> nginx.pids();
            default -> List.of();
        };
    }

    private HttpTarget target(Route route, String target) throws IOException, InterruptedException {
        int port = switch (target) {
            case Results.GATEWAY -> Bench.GATEWAY_PORT;
            case Results.NGINX -> nginx.port();
            default -> route.servicePort();
        };
        return route.via(target, port, stack.session().token());
    }
}
