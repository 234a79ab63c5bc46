package dev.bulkhead.bench;

import dev.bulkhead.bench.load.HttpTarget;
import dev.bulkhead.bench.load.Wrk;
import dev.bulkhead.bench.load.WrkResult;
import dev.bulkhead.bench.system.CpuTime;
import dev.bulkhead.bench.system.Nginx;
import dev.bulkhead.bench.system.Profiler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Closed-loop throughput with wrk at each concurrency, for each route, through the gateway, directly and
 * through nginx. The three targets of a route take turns in short slices at each concurrency (gateway,
 * direct, nginx, four times over), so a drift of the machine (another process, a GC-heavy minute, the
 * host's load on a virtual machine) hits all three about equally instead of whichever ran in the slow
 * minute: on the 2-core VM the service alone went from 1,689 to 1,150 req/s between two blocks of one
 * run, which is more than the margin of any ratio.
 */
final class Throughput {

    /** The share by which one settling round may still be cheaper than the last and count as settled. */
    static final double SETTLED_WITHIN = 0.05;

    static final Duration SETTLING_ROUND = Duration.ofSeconds(15);
    static final int SETTLING_CONNECTIONS = 64;
    static final Duration MAX_SETTLING = Duration.ofMinutes(5);

    /** Turns per target in a round. */
    static final int SLICES = 4;

    /** A slice shorter than this gives wrk's start-up (connecting, the first requests) too much weight. */
    static final Duration SHORTEST_SLICE = Duration.ofSeconds(5);

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
        if (!options.quick()) {
            settleGateway(routes);
        }
        var rounds = new ArrayList<Results.Round>();
        for (int connections : Options.CONNECTIONS) {
            for (var route : routes) {
                rounds.addAll(interleaved(route, connections));
            }
        }
        return rounds;
    }

    /**
     * Loads the gateway until its CPU per request stops falling: on two cores its C2 compiler kept
     * lowering it for minutes after the fixed warm-up (1.46 ms in the first c16 round of a run, 0.71 ms
     * at c256 ten minutes later), and the rounds measured the compiler, not the gateway.
     */
    private void settleGateway(List<Route> routes) throws IOException, InterruptedException {
        var pids = proxyPids(Results.GATEWAY);
        if (pids.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + MAX_SETTLING.toNanos();
        var previous = new HashMap<String, Double>();
        var settled = new HashSet<String>();
        while (settled.size() < routes.size() && System.nanoTime() < deadline) {
            for (var route : routes) {
                if (settled.contains(route.name())) {
                    continue;
                }
                double before = CpuTime.millisOf(pids);
                var wrk = Wrk.run(target(route, Results.GATEWAY), SETTLING_CONNECTIONS, SETTLING_ROUND);
                double perRequest = (CpuTime.millisOf(pids) - before) / Math.max(1, wrk.requests());
                log.printf(
                        Locale.ROOT,
                        "  settling: %-8s c%d gateway %9s req/s  cpu ms/req %s%n",
                        route.name(),
                        SETTLING_CONNECTIONS,
                        Format.perSecond(wrk.perSecond()),
                        Format.millis(perRequest));
                var last = previous.put(route.name(), perRequest);
                if (last != null && settled(last, perRequest)) {
                    settled.add(route.name());
                }
            }
        }
        if (settled.size() < routes.size()) {
            log.printf(
                    Locale.ROOT,
                    "  the gateway's CPU per request still fell after %d s; measuring anyway%n",
                    MAX_SETTLING.toSeconds());
        }
    }

    /** Settled once a round costs no more than {@link #SETTLED_WITHIN} less per request than the one before. */
    static boolean settled(double previousPerRequest, double latestPerRequest) {
        return latestPerRequest >= previousPerRequest * (1 - SETTLED_WITHIN);
    }

    /** How many slices a round of this length is cut into: {@link #SLICES}, none shorter than 5 s. */
    static int slices(Duration round) {
        return Math.clamp(round.toSeconds() / SHORTEST_SLICE.toSeconds(), 1, SLICES);
    }

    private List<Results.Round> interleaved(Route route, int connections) throws IOException, InterruptedException {
        var options = stack.options();
        int slices = slices(options.round());
        var slice = options.round().dividedBy(slices);
        var runs = new HashMap<String, List<WrkResult>>();
        var cpuMillis = new HashMap<String, Double>();
        // The profiler stays attached across the slices; between the gateway's turns it is idle and
        // the profile gains next to nothing from them.
        Profiler profiler = options.profile() && connections == Options.PROFILED_CONNECTIONS ? startProfiler() : null;
        for (int i = 0; i < slices; i++) {
            for (var target : Bench.TARGETS) {
                var pids = proxyPids(target);
                double before = CpuTime.millisOf(pids);
                var wrk = Wrk.run(target(route, target), connections, slice);
                cpuMillis.merge(target, CpuTime.millisOf(pids) - before, Double::sum);
                runs.computeIfAbsent(target, t -> new ArrayList<>()).add(wrk);
            }
        }
        if (profiler != null) {
            Path html = stack.out()
                    .resolve("flamegraph-gateway-" + route.name() + "-c" + connections + "-" + stack.stamp() + ".html");
            profiler.stopTo(html);
            log.println("  flame graph (" + profiler.event() + "): " + html);
        }
        var rounds = new ArrayList<Results.Round>();
        for (var target : Bench.TARGETS) {
            var wrk = WrkResult.combine(runs.get(target));
            var cpu = proxyPids(target).isEmpty() || wrk.requests() == 0
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(cpuMillis.get(target) / wrk.requests());
            log.printf(
                    Locale.ROOT,
                    "  %-8s c%-3d %-7s %9s req/s  non-2xx %d  errors %d  cpu ms/req %s  (%d × %d s)%n",
                    route.name(),
                    connections,
                    target,
                    Format.perSecond(wrk.perSecond()),
                    wrk.non2xx(),
                    wrk.socketErrors(),
                    Format.millis(cpu),
                    slices,
                    slice.toSeconds());
            rounds.add(new Results.Round(route.name(), connections, target, wrk, cpu));
        }
        return rounds;
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
