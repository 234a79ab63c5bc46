package dev.bulkhead.bench.load;

import java.time.Duration;

/**
 * When each request of a fixed-rate run is due: request {@code i} at {@code start + i × interval}. A
 * request's latency is counted from this time, not from when it actually left, so a stall of the server
 * (or of the generator) shows in the figures instead of silently delaying the requests behind it.
 *
 * @param startNanos {@link System#nanoTime()} of request 0
 * @param intervalNanos time between two requests
 */
public record Schedule(long startNanos, long intervalNanos) {

    public Schedule {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive, was " + intervalNanos + " ns");
        }
    }

    public static Schedule atRate(double perSecond, long startNanos) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be positive, was " + perSecond);
        }
        return new Schedule(startNanos, Math.max(1, Math.round(1e9 / perSecond)));
    }

    public long sendTimeOf(long index) {
        return startNanos + index * intervalNanos;
    }

    /** How many requests are due in the first {@code duration} of the run. */
    public long countWithin(Duration duration) {
        long nanos = duration.toNanos();
        return nanos <= 0 ? 0 : (nanos + intervalNanos - 1) / intervalNanos;
    }

    /** The first request due at or after {@code nanos}. */
    public long firstIndexAtOrAfter(long nanos) {
        long offset = nanos - startNanos;
        return offset <= 0 ? 0 : (offset + intervalNanos - 1) / intervalNanos;
    }

    public double perSecond() {
        return 1e9 / intervalNanos;
    }
}
