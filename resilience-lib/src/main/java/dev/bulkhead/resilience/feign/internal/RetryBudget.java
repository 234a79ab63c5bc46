package dev.bulkhead.resilience.feign.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * How many retries one downstream may still get: at most {@code ratio} retries per call over the
 * last {@code window}, plus {@code minRetries} per window so that a quiet client can retry at all.
 * Calls and retries are counted in one-second slots that fall out of the window as the clock moves,
 * so a downstream that fails most calls gets about {@code 1 + ratio} times its calls, never
 * {@code maxAttempts} times.
 *
 * <p>Thread-safe; one lock per downstream, held for a few array operations.
 */
public final class RetryBudget {

    private static final long SLOT_MILLIS = 1000;

    private final double ratio;
    private final int minRetries;
    private final Clock clock;
    private final long[] slotStart;
    private final int[] calls;
    private final int[] retries;

    /**
     * @param ratio retries allowed per call
     * @param window how far back calls and retries are counted (whole seconds, at least one)
     * @param minRetries retries allowed per window whatever the calls
     * @param clock what the window moves with
     */
    public RetryBudget(double ratio, Duration window, int minRetries, Clock clock) {
        this.ratio = ratio;
        this.minRetries = minRetries;
        this.clock = clock;
        int slots = (int) Math.max(1, (window.toMillis() + SLOT_MILLIS - 1) / SLOT_MILLIS);
        this.slotStart = new long[slots];
        this.calls = new int[slots];
        this.retries = new int[slots];
        java.util.Arrays.fill(slotStart, Long.MIN_VALUE);
    }

    /** Counts a call (its first attempt) toward the budget. */
    public synchronized void recordCall() {
        calls[current()]++;
    }

    /** Takes one retry from the budget; {@code false} when it is spent and the call must not be repeated. */
    public synchronized boolean tryRetry() {
        int slot = current();
        long callsInWindow = 0;
        long retriesInWindow = 0;
        for (int i = 0; i < calls.length; i++) {
            callsInWindow += calls[i];
            retriesInWindow += retries[i];
        }
        if (retriesInWindow + 1 > minRetries + ratio * callsInWindow) {
            return false;
        }
        retries[slot]++;
        return true;
    }

    /** The slot of now, emptied first if it last held an older second; stale slots are emptied too. */
    private int current() {
        long second = Math.floorDiv(clock.millis(), SLOT_MILLIS);
        for (int i = 0; i < slotStart.length; i++) {
            if (slotStart[i] != Long.MIN_VALUE && second - slotStart[i] >= slotStart.length) {
                slotStart[i] = Long.MIN_VALUE;
                calls[i] = 0;
                retries[i] = 0;
            }
        }
        int slot = (int) Math.floorMod(second, (long) slotStart.length);
        if (slotStart[slot] != second) {
            slotStart[slot] = second;
            calls[slot] = 0;
            retries[slot] = 0;
        }
        return slot;
    }
}
