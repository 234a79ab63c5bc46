package dev.bulkhead.bench;

import dev.bulkhead.bench.load.Latencies;
import dev.bulkhead.bench.load.Sample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The saga end to end: orders placed through the gateway by a few customers at once, each followed
 * (polled) until CONFIRMED or CANCELLED. Times run from the POST to the poll that saw the final state, so
 * they are up to one poll interval late.
 */
final class Saga {

    static final Duration POLL = Duration.ofMillis(100);

    /** order-service cancels an order the saga has not finished in 30 s; a little longer than that. */
    static final Duration GIVE_UP = Duration.ofSeconds(40);

    static final String ADMIN = "admin@bulkhead.dev";

    private final Bench.Stack stack;
    private final PrintStream log;

    Saga(Bench.Stack stack, PrintStream log) {
        this.stack = stack;
        this.log = log;
    }

    /** How one order ended: when it was posted, when its end was seen, and in which state. */
    private record Outcome(long postedNanos, long endNanos, String status) {}

    Results.Saga run() throws IOException, InterruptedException {
        var options = stack.options();
        int orders = options.orders();
        var api = stack.api();
        var product = api.mostStocked();
        if (product.stock() < orders) {
            topUp(product.id(), orders - product.stock());
        }
        var outcomes = new ConcurrentLinkedQueue<Outcome>();
        var next = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < options.orderConcurrency(); i++) {
                customers.submit(() -> {
                    while (next.getAndIncrement() < orders) {
                        outcomes.add(follow(stack.session().token(), product.id()));
                    }
                    return null;
                });
            }
        }
        long ended = outcomes.stream().mapToLong(Outcome::endNanos).max().orElse(System.nanoTime());
        int confirmed = count(outcomes, "CONFIRMED");
        int cancelled = count(outcomes, "CANCELLED");
        var latencies = Latencies.of(outcomes.stream()
                .filter(o -> o.status().equals("CONFIRMED"))
                .map(o -> new Sample(o.postedNanos(), o.postedNanos(), o.endNanos(), 200, false))
                .toList());
        double seconds = (ended - started) / (double) TimeUnit.SECONDS.toNanos(1);
        var result = new Results.Saga(
                orders, confirmed, cancelled, orders - confirmed - cancelled, confirmed / seconds, latencies);
        log.printf(
                Locale.ROOT,
                "  %d orders: %d confirmed, %d cancelled, %d unfinished; %.1f orders/s; POST→CONFIRMED p50 %s ms, p99 %s ms%n",
                orders,
                confirmed,
                cancelled,
                result.unfinished(),
                result.ordersPerSecond(),
                Format.millis(latencies.p50()),
                Format.millis(latencies.p99()));
        return result;
    }

    private Outcome follow(String token, String productId) throws InterruptedException {
        var api = stack.api();
        long posted = System.nanoTime();
        try {
            var placed = api.placeOrder(token, productId);
            posted = placed.postedNanos();
            long deadline = posted + GIVE_UP.toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(POLL);
                Optional<String> status = api.orderStatus(token, placed.id());
                if (status.isPresent() && !status.get().equals("PENDING")) {
                    return new Outcome(posted, System.nanoTime(), status.get());
                }
            }
            return new Outcome(posted, System.nanoTime(), "PENDING");
        } catch (IOException e) {
            log.println("  an order failed: " + e.getMessage());
            return new Outcome(posted, System.nanoTime(), "FAILED");
        }
    }

    /** Adds stock as the dev stack's admin, so the orders are not cancelled for want of it. */
    private void topUp(String productId, int missing) throws IOException, InterruptedException {
        var password =
                Optional.ofNullable(System.getenv("BULKHEAD_ADMIN_PASSWORD")).or(() -> readAdminPassword());
        if (password.isEmpty()) {
            log.println(
                    "  not enough stock and no admin password (.bulkhead/admin-password): some orders will be cancelled");
            return;
        }
        String admin = stack.api().login(ADMIN, password.get());
        stack.api().addStock(admin, productId, missing + 10);
        log.println("  added " + (missing + 10) + " units of " + productId + " as " + ADMIN);
    }

    private Optional<String> readAdminPassword() {
        try {
            var file = stack.home().resolve("admin-password");
            return Files.isReadable(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int count(java.util.Collection<Outcome> outcomes, String status) {
        return (int) outcomes.stream().filter(o -> o.status().equals(status)).count();
    }
}
