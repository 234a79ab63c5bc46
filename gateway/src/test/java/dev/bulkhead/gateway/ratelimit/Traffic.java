package dev.bulkhead.gateway.ratelimit;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Requests at a steady rate for a bounded time, each sent without waiting for the one before, with
 * when it was sent and how long its answer took; bounded in count and time, loopback only.
 */
final class Traffic {

    /**
     * @param sentAt {@link System#nanoTime()} when the request was sent
     * @param latency how long until the whole answer was there
     * @param response the answer
     */
    record Result(long sentAt, Duration latency, HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private Traffic() {}

    /**
     * @param http the client
     * @param perSecond requests per second
     * @param duration how long to keep sending
     * @param request the i-th request
     * @return every result, in the order sent
     */
    static List<Result> send(HttpClient http, int perSecond, Duration duration, IntFunction<HttpRequest> request) {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        int count = (int) (duration.toNanos() / interval);
        long start = System.nanoTime();
        List<CompletableFuture<Result>> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest next = request.apply(i);
            long sentAt = System.nanoTime();
            pending.add(http.sendAsync(next, HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> new Result(sentAt, Duration.ofNanos(System.nanoTime() - sentAt), response)));
        }
        return pending.stream()
                .map(result -> result.orTimeout(30, TimeUnit.SECONDS).join())
                .toList();
    }

    /** From the first request sent to the last answer received. */
    static Duration span(List<Result> results) {
        long first = results.stream().mapToLong(Result::sentAt).min().orElseThrow();
        long last = results.stream()
                .mapToLong(result -> result.sentAt() + result.latency().toNanos())
                .max()
                .orElseThrow();
        return Duration.ofNanos(last - first);
    }

    /**
     * From the first request sent to the last accepted answer received: every accepted request was
     * decided within it, so at most burst + rate × this window can have been accepted.
     */
    static Duration acceptingWindow(List<Result> results) {
        long first = results.stream().mapToLong(Result::sentAt).min().orElseThrow();
        long last = results.stream()
                .filter(result -> result.status() == 200)
                .mapToLong(result -> result.sentAt() + result.latency().toNanos())
                .max()
                .orElse(first);
        return Duration.ofNanos(last - first);
    }

    static long accepted(List<Result> results) {
        return results.stream().filter(result -> result.status() == 200).count();
    }

    /** p50, p90, p99 and max of the latencies, in ms, for the log. */
    static String distribution(List<Result> results) {
        List<Duration> sorted = results.stream()
                .map(Result::latency)
                .sorted(Comparator.naturalOrder())
                .toList();
        return String.format(
                "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (%d)",
                nearestRank(sorted, 0.5).toNanos() / 1e6,
                nearestRank(sorted, 0.9).toNanos() / 1e6,
                nearestRank(sorted, 0.99).toNanos() / 1e6,
                sorted.getLast().toNanos() / 1e6,
                sorted.size());
    }

    /** A percentile of the latencies (nearest rank). */
    static Duration percentile(List<Result> results, double fraction) {
        return nearestRank(
                results.stream()
                        .map(Result::latency)
                        .sorted(Comparator.naturalOrder())
                        .toList(),
                fraction);
    }

    private static Duration nearestRank(List<Duration> sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
