package dev.bulkhead.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The targets the gateway must meet, checked against one run's results. */
final class Verdict {

    static final double MIN_GATEWAY_OVER_DIRECT = 0.55;
    static final double MIN_GATEWAY_OVER_NGINX = 0.6;
    static final double MAX_P99_RATIO = 2.0;
    static final double MAX_OPEN_SECONDS = 2.0;
    static final double MAX_OPEN_STATE_P99_MS = 20.0;
    static final double MAX_OTHER_ROUTE_P99_FACTOR = 1.2;

    /** At the highest concurrency the gateway must refuse nothing the service itself answers. */
    static final int HIGHEST_CONNECTIONS = 256;

    enum Outcome {
        PASS,
        FAIL,
        INFO
    }

    /**
     * One target.
     *
     * @param what what is checked
     * @param measured the figure
     * @param target the bound
     * @param outcome PASS, FAIL, or INFO (nothing to judge: printed only)
     */
    record Check(String what, String measured, String target, Outcome outcome) {}

    private Verdict() {}

    static List<Check> of(Results.All results, List<String> routes, List<Integer> connections) {
        var checks = new ArrayList<Check>();
        for (var route : routes) {
            for (int c : connections) {
                results.gatewayOver(route, c, Results.DIRECT)
                        .ifPresent(ratio -> checks.add(
                                atLeast(route + " c" + c + " gateway÷direct", ratio, MIN_GATEWAY_OVER_DIRECT)));
                results.gatewayOver(route, c, Results.NGINX)
                        .ifPresent(ratio -> checks.add(
                                atLeast(route + " c" + c + " gateway÷nginx", ratio, MIN_GATEWAY_OVER_NGINX)));
            }
            var gateway = results.round(route, HIGHEST_CONNECTIONS, Results.GATEWAY);
            var direct = results.round(route, HIGHEST_CONNECTIONS, Results.DIRECT);
            if (gateway.isPresent() && direct.isPresent()) {
                long gatewayBad =
                        gateway.get().wrk().non2xx() + gateway.get().wrk().socketErrors();
                long directBad =
                        direct.get().wrk().non2xx() + direct.get().wrk().socketErrors();
                String what = route + " c" + HIGHEST_CONNECTIONS + " gateway non-2xx/errors";
                String measured = gatewayBad + " (direct " + directBad + ")";
                checks.add(
                        directBad == 0
                                ? new Check(
                                        what,
                                        measured,
                                        "0 when direct has 0",
                                        gatewayBad == 0 ? Outcome.PASS : Outcome.FAIL)
                                : new Check(what, measured, "0 when direct has 0", Outcome.INFO));
            }
        }
        for (var fixed : results.fixedRates()) {
            checks.add(atMost(fixed.route() + " fixed-rate p99 gateway÷direct", fixed.p99Ratio(), MAX_P99_RATIO, ""));
        }
        results.failFast().ifPresent(failFast -> {
            checks.add(
                    failFast.openAfterSeconds().isPresent()
                            ? atMost(
                                    "breaker open after freeze",
                                    failFast.openAfterSeconds().getAsDouble(),
                                    MAX_OPEN_SECONDS,
                                    " s")
                            : new Check(
                                    "breaker open after freeze",
                                    "never",
                                    "≤ " + MAX_OPEN_SECONDS + " s",
                                    Outcome.FAIL));
            checks.add(atMost("open-state p99", failFast.openState().p99(), MAX_OPEN_STATE_P99_MS, " ms"));
            double factor = failFast.otherDuringFreeze().p99()
                    / failFast.otherBaseline().p99();
            checks.add(new Check(
                    "other route p99 ÷ baseline",
                    Format.ratio(factor) + " ("
                            + Format.millis(failFast.otherDuringFreeze().p99()) + " / "
                            + Format.millis(failFast.otherBaseline().p99()) + " ms)",
                    "≤ " + MAX_OTHER_ROUTE_P99_FACTOR,
                    factor <= MAX_OTHER_ROUTE_P99_FACTOR ? Outcome.PASS : Outcome.FAIL));
        });
        results.saga()
                .ifPresent(saga -> checks.add(new Check(
                        "saga",
                        String.format(
                                Locale.ROOT,
                                "%d/%d confirmed, %.1f orders/s, p50 %s ms, p99 %s ms",
                                saga.confirmed(),
                                saga.orders(),
                                saga.ordersPerSecond(),
                                Format.millis(saga.postToConfirmed().p50()),
                                Format.millis(saga.postToConfirmed().p99())),
                        "printed",
                        Outcome.INFO)));
        return checks;
    }

    static boolean passed(List<Check> checks) {
        return checks.stream().noneMatch(c -> c.outcome() == Outcome.FAIL);
    }

    private static Check atLeast(String what, double measured, double bound) {
        return new Check(what, Format.ratio(measured), "≥ " + bound, measured >= bound ? Outcome.PASS : Outcome.FAIL);
    }

    private static Check atMost(String what, double measured, double bound, String unit) {
        // NaN (nothing measured) fails: a target cannot be met by a figure that is missing
        return new Check(
                what,
                (unit.isEmpty() ? Format.ratio(measured) : Format.millis(measured)) + unit,
                "≤ " + bound + unit,
                measured <= bound ? Outcome.PASS : Outcome.FAIL);
    }
}
