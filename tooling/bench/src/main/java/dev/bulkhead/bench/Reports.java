package dev.bulkhead.bench;

import dev.bulkhead.bench.TextTable.Column;
import dev.bulkhead.bench.load.Latencies;
import dev.bulkhead.bench.system.Machine;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** Lays one run's results out as the report: machine, throughput, fixed rate, fail-fast, saga, verdict. */
final class Reports {

    private Reports() {}

    static Report of(Options options, Machine machine, Results.All results, List<Verdict.Check> checks, String stamp) {
        var report = new Report("Bulkhead gateway benchmark " + stamp + " UTC" + (options.quick() ? " (--quick)" : ""));
        report.add(new Report.Section(
                "Machine", machine.lines().stream().map(l -> "  " + l).toList(), null, List.of()));
        report.add(new Report.Section(
                "Throughput: wrk -t2, closed loop, " + options.round().toSeconds() + " s per round in "
                        + Throughput.slices(options.round()) + " slices, the targets taking turns",
                List.of(),
                throughput(results),
                List.of(
                        "  ÷direct, ÷nginx: the row's req/s over that of the same route and c; cpu: the proxy's"
                                + " CPU (gateway JVM, nginx master + workers) per request",
                        "  p99: wrk's own (closed loop, for information), the highest of the row's slices")));
        report.add(new Report.Section(
                "Fixed-rate latency: open loop at half the gateway's best req/s, from the scheduled send time",
                List.of(),
                fixedRate(results.fixedRates()),
                monitorNotes(results.fixedRates())));
        results.failFast()
                .ifPresent(failFast -> report.add(new Report.Section(
                        "Fail-fast: the service behind " + failFast.frozenRoute() + " frozen (SIGSTOP), "
                                + Format.perSecond(failFast.rate()) + " req/s on each route through the gateway",
                        List.of(
                                "  breaker open (first fast 503 problem+json) after "
                                        + Format.seconds(failFast.openAfterSeconds()),
                                "  route back to 200 after " + Format.seconds(failFast.recoveredAfterSeconds())
                                        + " from the resume"),
                        failFastTable(failFast),
                        List.of())));
        results.saga()
                .ifPresent(saga -> report.add(new Report.Section(
                        "Saga: " + saga.orders() + " orders through the gateway, " + options.orderConcurrency()
                                + " at a time",
                        List.of(String.format(
                                Locale.ROOT,
                                "  %d confirmed, %d cancelled, %d unfinished; %.1f confirmed orders/s;"
                                        + " POST→CONFIRMED p50 %s ms, p99 %s ms",
                                saga.confirmed(),
                                saga.cancelled(),
                                saga.unfinished(),
                                saga.ordersPerSecond(),
                                Format.millis(saga.postToConfirmed().p50()),
                                Format.millis(saga.postToConfirmed().p99()))),
                        null,
                        List.of())));
        report.add(new Report.Section(
                "Verdict",
                List.of(),
                verdict(checks),
                List.of(Verdict.passed(checks) ? "  PASS: every target met" : "  FAIL: a target was not met")));
        return report;
    }

    static TextTable throughput(Results.All results) {
        var table = new TextTable(
                Column.left("route"),
                Column.right("c"),
                Column.left("target"),
                Column.right("req/s"),
                Column.right("÷direct"),
                Column.right("÷nginx"),
                Column.right("non-2xx"),
                Column.right("errors"),
                Column.right("cpu ms/req"),
                Column.right("p99 ms"));
        for (var round : results.rounds()) {
            var wrk = round.wrk();
            boolean proxied = !round.target().equals(Results.DIRECT);
            OptionalDouble overDirect = proxied ? over(results, round, Results.DIRECT) : OptionalDouble.empty();
            OptionalDouble overNginx = round.target().equals(Results.GATEWAY)
                    ? over(results, round, Results.NGINX)
                    : OptionalDouble.empty();
            table.row(
                    round.route(),
                    Integer.toString(round.connections()),
                    round.target(),
                    Format.perSecond(wrk.perSecond()),
                    overDirect.isPresent() ? Format.ratio(overDirect.getAsDouble()) : "",
                    overNginx.isPresent() ? Format.ratio(overNginx.getAsDouble()) : "",
                    Format.count(wrk.non2xx()),
                    Format.count(wrk.socketErrors()),
                    proxied ? Format.millis(round.proxyCpuMsPerRequest()) : "",
                    Format.millis(wrk.p99Millis()));
        }
        return table;
    }

    private static OptionalDouble over(Results.All results, Results.Round round, String other) {
        return results.round(round.route(), round.connections(), other)
                .filter(r -> r.wrk().perSecond() > 0)
                .map(r -> OptionalDouble.of(round.wrk().perSecond() / r.wrk().perSecond()))
                .orElse(OptionalDouble.empty());
    }

    static TextTable fixedRate(List<Results.FixedRate> fixedRates) {
        var table = new TextTable(
                Column.left("route"),
                Column.right("req/s"),
                Column.left("target"),
                Column.right("requests"),
                Column.right("not 2xx"),
                Column.right("p50 ms"),
                Column.right("p99 ms"),
                Column.right("p99.9 ms"),
                Column.right("max ms"),
                Column.right("p99 ÷direct"));
        for (var fixed : fixedRates) {
            latencyRow(
                    table,
                    fixed.route(),
                    Format.perSecond(fixed.rate()),
                    Results.GATEWAY,
                    fixed.gateway(),
                    Format.ratio(fixed.p99Ratio()));
            latencyRow(table, fixed.route(), Format.perSecond(fixed.rate()), Results.DIRECT, fixed.direct(), "");
            latencyRow(
                    table,
                    fixed.route(),
                    Format.perSecond(fixed.rate()),
                    Results.NGINX,
                    fixed.nginx(),
                    Format.ratio(fixed.nginxP99Ratio()));
        }
        return table;
    }

    /**
     * What the kernel's memory monitor used while each route's rounds ran: its bursts start the episodes
     * that set a fixed-rate p99 on a small machine, so a reader comparing two runs needs the figure.
     */
    static List<String> monitorNotes(List<Results.FixedRate> fixedRates) {
        return fixedRates.stream()
                .filter(fixed -> fixed.monitorMillisPerSecond().isPresent())
                .map(fixed -> String.format(
                        Locale.ROOT,
                        "  %s: the kernel's memory monitor (see Machine) used %.1f ms of CPU per second meanwhile,"
                                + " in bursts that every target waits behind",
                        fixed.route(),
                        fixed.monitorMillisPerSecond().getAsDouble()))
                .toList();
    }

    private static TextTable failFastTable(Results.FailFast failFast) {
        var table = new TextTable(
                Column.left("route"),
                Column.right("req/s"),
                Column.left("while"),
                Column.right("requests"),
                Column.right("not 2xx"),
                Column.right("p50 ms"),
                Column.right("p99 ms"),
                Column.right("p99.9 ms"),
                Column.right("max ms"),
                Column.right("p99 ÷base"));
        String rate = Format.perSecond(failFast.rate());
        latencyRow(table, failFast.frozenRoute(), rate, "breaker open", failFast.openState(), "");
        latencyRow(table, failFast.otherRoute(), rate, "before freeze", failFast.otherBaseline(), "");
        latencyRow(
                table,
                "products",
                rate,
                "users frozen",
                failFast.otherDuringFreeze(),
                Format.ratio(failFast.otherDuringFreeze().p99()
                        / failFast.otherBaseline().p99()));
        return table;
    }

    private static void latencyRow(TextTable table, String route, String rate, String what, Latencies l, String last) {
        table.row(
                route,
                rate,
                what,
                Format.count(l.count()),
                Format.count(l.notOk()),
                Format.millis(l.p50()),
                Format.millis(l.p99()),
                Format.millis(l.p999()),
                Format.millis(l.max()),
                last);
    }

    static TextTable verdict(List<Verdict.Check> checks) {
        var table = new TextTable(
                Column.left("target"), Column.left("measured"), Column.left("bound"), Column.left("result"));
        checks.forEach(
                c -> table.row(c.what(), c.measured(), c.target(), c.outcome().name()));
        return table;
    }
}
