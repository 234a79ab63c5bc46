package dev.bulkhead.bench;

import java.time.Duration;
import java.util.List;

/**
 * How long and how much: the full run (about a quarter of an hour) or {@code --quick} (about three, for checking
 * that everything works, not for figures), and whether to profile the gateway.
 *
 * @param quick the short run
 * @param profile async-profiler flame graphs of the gateway during one c64 round of each route
 * @param round one wrk round
 * @param warmup the wrk warm-up of each route and target before the first round
 * @param fixedRate the measured part of each fixed-rate run
 * @param fixedRateWarmup its unreported start
 * @param baseline the other route's latency before the freeze
 * @param openWindow how long the breaker is watched open before the service is resumed
 * @param orders orders in the saga run
 * @param orderConcurrency customers placing and following orders at once
 */
record Options(
        boolean quick,
        boolean profile,
        Duration round,
        Duration warmup,
        Duration fixedRate,
        Duration fixedRateWarmup,
        Duration baseline,
        Duration openWindow,
        int orders,
        int orderConcurrency) {

    static final List<Integer> CONNECTIONS = List.of(16, 64, 256);

    /** The concurrency at which --profile records a flame graph. */
    static final int PROFILED_CONNECTIONS = 64;

    static final String USAGE = """
            usage: ./bulkhead bench [--quick] [--profile]
              --quick     5 s rounds and 50 orders: checks the harness works; the figures mean little
              --profile   async-profiler flame graphs of the gateway during the c64 rounds (tooling/bench/target/)""";

    /** Thrown for arguments that mean nothing. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(String... args) throws UsageException {
        boolean quick = false;
        boolean profile = false;
        for (var arg : args) {
            switch (arg) {
                case "--quick" -> quick = true;
                case "--profile" -> profile = true;
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        return quick
                ? new Options(
                        true,
                        profile,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(3),
                        50,
                        8)
                : new Options(
                        false,
                        profile,
                        Duration.ofSeconds(20),
                        // The gateway runs C2: on two cores its compiler threads take about half a minute of
                        // load to settle, and a c16 round measured before that was JIT time, not gateway time.
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(3),
                        // At 100 req/s a 5 s window holds 500 requests, so its p99 was the fifth-slowest
                        // one and a single GC pause moved the other-route verdict by half: a 15 s baseline.
                        Duration.ofSeconds(15),
                        // Open for 8 s, the other route watched for about 9: longer, but under the 10 s the
                        // breaker stays open before it lets trial calls through to the still frozen service.
                        Duration.ofSeconds(8),
                        200,
                        8);
    }
}
