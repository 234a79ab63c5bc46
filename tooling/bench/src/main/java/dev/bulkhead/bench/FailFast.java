package dev.bulkhead.bench;

import dev.bulkhead.bench.load.Latencies;
import dev.bulkhead.bench.load.OpenLoop;
import dev.bulkhead.bench.load.Sample;
import dev.bulkhead.bench.system.StackPids;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A service that hangs instead of failing: user-service is frozen with SIGSTOP (its sockets stay open,
 * nothing answers) while both routes are asked at a fixed rate through the gateway. Measured: how soon
 * the frozen route answers a fast 503 problem document (its breaker open), how fast it answers while
 * open, and whether the other route (its own breaker, its own concurrency limit) stays as fast as just
 * before. The service is always resumed, by a shutdown hook too if the run is interrupted.
 */
final class FailFast {

    /**
     * Requests per second on each route: 100, enough for the breaker's minimum calls within a second,
     * but at most a fifth of the gateway's best on the slower route, so that the two routes together
     * stay well below saturation and the baseline is a baseline, not a queue.
     */
    static final double MAX_RATE = 100;

    static final double MIN_RATE = 20;
    static final double SHARE_OF_MAX = 0.2;

    /** A 503 answered within this is the breaker's, not a queue wait or a timeout. */
    static final Duration FAST = Duration.ofMillis(100);

    /** How long to wait for the breaker before resuming the service anyway. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

    /** Hung requests stay open until the gateway's response timeout; room for all of them. */
    private static final int MAX_CONNECTIONS = 2048;

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    /** The first second of the baseline opens connections and is not counted. */
    private static final Duration BASELINE_WARMUP = Duration.ofSeconds(1);

    private final Bench.Stack stack;
    private final PrintStream log;
    private final AtomicBoolean frozen = new AtomicBoolean();

    FailFast(Bench.Stack stack, PrintStream log) {
        this.stack = stack;
        this.log = log;
    }

    static double rate(double slowerGatewayMax) {
        return Math.max(MIN_RATE, Math.min(MAX_RATE, Math.floor(slowerGatewayMax * SHARE_OF_MAX)));
    }

    Results.FailFast run(Route frozenRoute, Route otherRoute, double rate) throws IOException, InterruptedException {
        var options = stack.options();
        long pid = stack.pids()
                .find(frozenRoute.service(), frozenRoute.servicePort())
                .orElseThrow(() -> new IOException("cannot find the pid of " + frozenRoute.service()
                        + " (neither in .bulkhead/stack.state nor listening on " + frozenRoute.servicePort() + ")"))
                .pid();
        var resume = Thread.ofPlatform().unstarted(() -> resume(pid));
        Runtime.getRuntime().addShutdownHook(resume);
        String token = stack.session().token();
        try (var frozenLoad = new OpenLoop(
                        frozenRoute.via(Results.GATEWAY, Bench.GATEWAY_PORT, token),
                        rate,
                        MAX_CONNECTIONS,
                        CLIENT_TIMEOUT);
                var otherLoad = new OpenLoop(
                        otherRoute.via(Results.GATEWAY, Bench.GATEWAY_PORT, token),
                        rate,
                        MAX_CONNECTIONS,
                        CLIENT_TIMEOUT)) {
            long start = Math.max(frozenLoad.start(), otherLoad.start());
            sleepUntil(start + options.baseline().toNanos() + BASELINE_WARMUP.toNanos());

            long freezeAt = System.nanoTime();
            frozen.set(true);
            StackPids.signal(pid, "STOP");
            log.printf(
                    Locale.ROOT,
                    "  %s (pid %d) frozen; %s at %.0f req/s on each route%n",
                    frozenRoute.service(),
                    pid,
                    "asking both routes",
                    rate);

            long giveUpAt = freezeAt + OPEN_TIMEOUT.toNanos();
            var firstFast503 = frozenLoad.firstArrived(s -> fast503(s, freezeAt));
            while (firstFast503.isEmpty() && System.nanoTime() < giveUpAt) {
                Thread.sleep(10);
                firstFast503 = frozenLoad.firstArrived(s -> fast503(s, freezeAt));
            }
            long openAt = firstFast503.map(Sample::endNanos).orElse(giveUpAt);
            sleepUntil(openAt + options.openWindow().toNanos());

            long resumeAt = System.nanoTime();
            resume(pid);
            log.printf(Locale.ROOT, "  %s resumed%n", frozenRoute.service());

            var frozenSamples = frozenLoad.stop();
            var otherSamples = otherLoad.stop();
            long baselineFrom = start + BASELINE_WARMUP.toNanos();
            var openState =
                    firstFast503.isPresent() ? Latencies.of(within(frozenSamples, openAt, resumeAt)) : Latencies.NONE;
            var result = new Results.FailFast(
                    frozenRoute.name(),
                    otherRoute.name(),
                    rate,
                    firstFast503.isPresent() ? OptionalDouble.of(seconds(openAt - freezeAt)) : OptionalDouble.empty(),
                    openState,
                    Latencies.of(within(otherSamples, baselineFrom, freezeAt)),
                    Latencies.of(within(otherSamples, freezeAt, resumeAt)),
                    recovery(frozenRoute, resumeAt));
            log.printf(
                    Locale.ROOT,
                    "  breaker open after %s, open-state p99 %s ms; %s p99 %s ms (baseline %s ms); back after %s%n",
                    Format.seconds(result.openAfterSeconds()),
                    Format.millis(openState.p99()),
                    otherRoute.name(),
                    Format.millis(result.otherDuringFreeze().p99()),
                    Format.millis(result.otherBaseline().p99()),
                    Format.seconds(result.recoveredAfterSeconds()));
            return result;
        } finally {
            resume(pid);
            try {
                Runtime.getRuntime().removeShutdownHook(resume);
            } catch (IllegalStateException e) {
                // shutting down already: the hook resumes the service
            }
        }
    }

    private static boolean fast503(Sample sample, long freezeAt) {
        return sample.status() == 503
                && sample.problem()
                && sample.sentNanos() >= freezeAt
                && sample.serviceNanos() <= FAST.toNanos();
    }

    /** From the resume until the frozen route answers 200 through the gateway again (its breaker closed). */
    private OptionalDouble recovery(Route route, long resumeAt) throws IOException, InterruptedException {
        long deadline = resumeAt + RECOVERY_TIMEOUT.toNanos();
        String token = stack.session().token();
        while (System.nanoTime() < deadline) {
            if (stack.api().status(route.path(), token) == 200) {
                return OptionalDouble.of(seconds(System.nanoTime() - resumeAt));
            }
            Thread.sleep(100);
        }
        return OptionalDouble.empty();
    }

    private void resume(long pid) {
        if (frozen.compareAndSet(true, false)) {
            try {
                StackPids.signal(pid, "CONT");
            } catch (IOException e) {
                System.err.println("bulkhead bench: could not resume pid " + pid + ": kill -CONT " + pid + " ("
                        + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                System.err.println("bulkhead bench: interrupted while resuming pid " + pid + ": kill -CONT " + pid);
            }
        }
    }

    private static List<Sample> within(List<Sample> samples, long from, long to) {
        return samples.stream()
                .filter(s -> s.scheduledNanos() >= from && s.scheduledNanos() < to)
                .toList();
    }

    private static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
