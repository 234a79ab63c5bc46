package dev.bulkhead.bench.load;

import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk run reports.
 *
 * @param requests completed requests
 * @param seconds how long it ran
 * @param perSecond requests per second
 * @param non2xx responses other than 2xx or 3xx ("Non-2xx or 3xx responses")
 * @param socketErrors connect, read, write and timeout errors together
 * @param p99Millis the 99th percentile of wrk's own (closed-loop) latency, if run with {@code --latency}
 */
public record WrkResult(
        long requests, double seconds, double perSecond, long non2xx, long socketErrors, OptionalDouble p99Millis) {

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m|h)");
    private static final Pattern PER_SECOND = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern P99 =
            Pattern.compile("^\\s*99(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$", Pattern.MULTILINE);

    /**
     * Several runs against one target as one: requests, time and errors summed, requests per second
     * from the sums, and the highest p99 of them (percentiles do not add up; the worst run's is the
     * bound the whole respects).
     */
    public static WrkResult combine(List<WrkResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no wrk runs to combine");
        }
        long requests = runs.stream().mapToLong(WrkResult::requests).sum();
        double seconds = runs.stream().mapToDouble(WrkResult::seconds).sum();
        var p99 = runs.stream()
                .map(WrkResult::p99Millis)
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .max();
        return new WrkResult(
                requests,
                seconds,
                seconds > 0 ? requests / seconds : 0,
                runs.stream().mapToLong(WrkResult::non2xx).sum(),
                runs.stream().mapToLong(WrkResult::socketErrors).sum(),
                p99);
    }

    /** Reads wrk's standard output; fails naming what is missing if it is not wrk's report. */
    public static WrkResult parse(String output) {
        var requests = find(REQUESTS, output, "the 'N requests in T' line");
        var perSecond = find(PER_SECOND, output, "the 'Requests/sec' line");
        long non2xx = NON_2XX.matcher(output)
                .results()
                .mapToLong(m -> Long.parseLong(m.group(1)))
                .sum();
        long socketErrors = SOCKET_ERRORS
                .matcher(output)
                .results()
                .mapToLong(m -> Long.parseLong(m.group(1))
                        + Long.parseLong(m.group(2))
                        + Long.parseLong(m.group(3))
                        + Long.parseLong(m.group(4)))
                .sum();
        var p99 = P99.matcher(output);
        return new WrkResult(
                Long.parseLong(requests.group(1)),
                toMillis(Double.parseDouble(requests.group(2)), requests.group(3)) / 1000.0,
                Double.parseDouble(perSecond.group(1)),
                non2xx,
                socketErrors,
                p99.find()
                        ? OptionalDouble.of(toMillis(Double.parseDouble(p99.group(1)), p99.group(2)))
                        : OptionalDouble.empty());
    }

    static double toMillis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000.0;
            case "ms" -> value;
            case "s" -> value * 1000.0;
            case "m" -> value * 60_000.0;
            case "h" -> value * 3_600_000.0;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    }

    private static Matcher find(Pattern pattern, String output, String what) {
        var matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no " + what + " in wrk's output:\n" + output);
        }
        return matcher;
    }
}
