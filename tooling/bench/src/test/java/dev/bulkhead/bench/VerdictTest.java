package dev.bulkhead.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.bench.Verdict.Outcome;
import dev.bulkhead.bench.load.Latencies;
import dev.bulkhead.bench.load.WrkResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static final List<String> ROUTES = List.of("products");
    private static final List<Integer> CONNECTIONS = List.of(16, 256);

    @Test
    void aGatewayAtMoreThanHalfOfDirectAndCloseToNginxPasses() {
        var results = results(rounds(6000, 10000, 9000, 0, 0), List.of(), Optional.empty());

        var checks = Verdict.of(results, ROUTES, CONNECTIONS);

        assertThat(outcome(checks, "products c16 gateway÷direct")).isEqualTo(Outcome.PASS);
        assertThat(outcome(checks, "products c16 gateway÷nginx")).isEqualTo(Outcome.PASS);
        assertThat(outcome(checks, "products c256 gateway non-2xx/errors")).isEqualTo(Outcome.PASS);
        assertThat(Verdict.passed(checks)).isTrue();
    }

    @Test
    void aSlowGatewayFailsAgainstBothReferences() {
        var results = results(rounds(5000, 10000, 9000, 0, 0), List.of(), Optional.empty());

        var checks = Verdict.of(results, ROUTES, CONNECTIONS);

        assertThat(outcome(checks, "products c256 gateway÷direct")).isEqualTo(Outcome.FAIL); // 0.50 < 0.55
        assertThat(outcome(checks, "products c256 gateway÷nginx")).isEqualTo(Outcome.FAIL); // 0.56 < 0.6
        assertThat(Verdict.passed(checks)).isFalse();
    }

    @Test
    void refusalsAtTheHighestConcurrencyFailOnlyWhenTheServiceItselfRefusedNothing() {
        var refusedByGatewayOnly =
                Verdict.of(results(rounds(9000, 10000, 9000, 12, 0), List.of(), Optional.empty()), ROUTES, CONNECTIONS);
        var refusedByBoth =
                Verdict.of(results(rounds(9000, 10000, 9000, 12, 3), List.of(), Optional.empty()), ROUTES, CONNECTIONS);

        assertThat(outcome(refusedByGatewayOnly, "products c256 gateway non-2xx/errors"))
                .isEqualTo(Outcome.FAIL);
        assertThat(outcome(refusedByBoth, "products c256 gateway non-2xx/errors"))
                .isEqualTo(Outcome.INFO);
    }

    @Test
    void fixedRateTailMayAtMostDouble() {
        var fine = new Results.FixedRate(
                "products", 3000, latencies(4.0), latencies(2.5), latencies(3.0), OptionalDouble.empty());
        var slow = new Results.FixedRate(
                "users", 3000, latencies(6.0), latencies(2.5), latencies(3.0), OptionalDouble.empty());

        var checks = Verdict.of(results(List.of(), List.of(fine, slow), Optional.empty()), ROUTES, CONNECTIONS);

        assertThat(outcome(checks, "products fixed-rate p99 gateway÷direct")).isEqualTo(Outcome.PASS);
        assertThat(outcome(checks, "users fixed-rate p99 gateway÷direct")).isEqualTo(Outcome.FAIL);
    }

    @Test
    void failFastNeedsAQuickBreakerAFastOpenStateAndAnUndisturbedNeighbour() {
        var good = new Results.FailFast(
                "users",
                "products",
                100,
                OptionalDouble.of(1.2),
                latencies(3),
                latencies(10),
                latencies(11.5),
                OptionalDouble.of(11));
        var bad = new Results.FailFast(
                "users",
                "products",
                100,
                OptionalDouble.empty(),
                Latencies.NONE,
                latencies(10),
                latencies(30),
                OptionalDouble.empty());

        var passing = Verdict.of(results(List.of(), List.of(), Optional.of(good)), ROUTES, CONNECTIONS);
        var failing = Verdict.of(results(List.of(), List.of(), Optional.of(bad)), ROUTES, CONNECTIONS);

        assertThat(passing).extracting(Verdict.Check::outcome).containsOnly(Outcome.PASS);
        assertThat(failing).extracting(Verdict.Check::outcome).containsOnly(Outcome.FAIL);
        assertThat(outcome(failing, "breaker open after freeze")).isEqualTo(Outcome.FAIL);
        assertThat(outcome(failing, "open-state p99")).isEqualTo(Outcome.FAIL); // nothing measured is no pass
    }

    private static Outcome outcome(List<Verdict.Check> checks, String what) {
        return checks.stream()
                .filter(c -> c.what().equals(what))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check '" + what + "' in " + checks))
                .outcome();
    }

    private static Results.All results(
            List<Results.Round> rounds, List<Results.FixedRate> fixedRates, Optional<Results.FailFast> failFast) {
        return new Results.All(rounds, fixedRates, failFast, Optional.empty());
    }

    private static List<Results.Round> rounds(
            double gateway, double direct, double nginx, long gatewayNon2xx, long directNon2xx) {
        var rounds = new ArrayList<Results.Round>();
        for (int c : CONNECTIONS) {
            rounds.add(round(c, Results.GATEWAY, gateway, gatewayNon2xx));
            rounds.add(round(c, Results.DIRECT, direct, directNon2xx));
            rounds.add(round(c, Results.NGINX, nginx, 0));
        }
        return rounds;
    }

    private static Results.Round round(int c, String target, double perSecond, long non2xx) {
        var wrk = new WrkResult((long) (perSecond * 20), 20, perSecond, non2xx, 0, OptionalDouble.empty());
        return new Results.Round("products", c, target, wrk, OptionalDouble.empty());
    }

    private static Latencies latencies(double p99) {
        return new Latencies(1000, 0, p99 / 2, p99, p99 * 1.5, p99 * 2);
    }
}
