package dev.bulkhead.bench.load;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a set of samples' latencies (from their scheduled time), in milliseconds, with how many
 * answered 2xx and how many did not.
 */
public record Latencies(long count, long notOk, double p50, double p99, double p999, double max) {

    /** Up to a minute, to three significant digits: a request slower than that is reported as a minute. */
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

    public static final Latencies NONE = new Latencies(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Latencies of(Collection<Sample> samples) {
        if (samples.isEmpty()) {
            return NONE;
        }
        var histogram = new Histogram(HIGHEST_MICROS, 3);
        long notOk = 0;
        for (var sample : samples) {
            long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(sample.latencyNanos()));
            histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
            if (!sample.ok()) {
                notOk++;
            }
        }
        return new Latencies(
                histogram.getTotalCount(),
                notOk,
                millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getValueAtPercentile(99.9)),
                millis(histogram.getMaxValue()));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
