package dev.bulkhead.testsupport.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until something a test caused asynchronously (an event consumed, a row written) shows, or fails
 * saying what it waited for and what it saw last:
 *
 * <pre>{@code
 * JsonNode order = Eventually.within(TIMEOUT).get("order " + id, () -> read(id), o -> o.path("status").asString().equals("CONFIRMED"));
 * Eventually.within(TIMEOUT).until("the payment is stored", () -> count(id) == 1);
 * }</pre>
 */
public final class Eventually {

    /** Often enough that a test waits little past the moment, rarely enough not to load the machine. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final Duration timeout;

    private Eventually(Duration timeout) {
        this.timeout = timeout;
    }

    /** Polls for at most {@code timeout}. */
    public static Eventually within(Duration timeout) {
        return new Eventually(timeout);
    }

    /** Returns once {@code condition} holds; fails naming {@code what} after the timeout. */
    public void until(String what, BooleanSupplier condition) {
        get(what, condition::getAsBoolean, Boolean::booleanValue);
    }

    /** Reads until {@code done} holds for what was read, and returns that; fails with the last read after the timeout. */
    public <T> T get(String what, Supplier<T> read, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + " (last seen: " + last + ")");
            }
            try {
                TimeUnit.NANOSECONDS.sleep(POLL_INTERVAL.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
            last = read.get();
        }
        return last;
    }
}
