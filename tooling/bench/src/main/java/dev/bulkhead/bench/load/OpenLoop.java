package dev.bulkhead.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A fixed-rate (open-loop) load generator: request {@code i} is due at a time fixed in advance (see
 * {@link Schedule}) whatever happened to the ones before, and its latency counts from then. A closed
 * loop such as wrk waits for a response before sending the next request on that connection, so a server
 * that stalls for a second is simply asked less during that second, and the stall all but vanishes from
 * its percentiles (coordinated omission). Here the requests due during a stall wait, and each of them
 * reports the wait.
 *
 * <p>One dispatcher thread keeps the schedule; each request runs on a virtual thread, on an idle
 * keep-alive connection or a new one, up to {@code maxConnections} (beyond that it waits for one, and the
 * wait counts).
 */
public final class OpenLoop implements AutoCloseable {

    private final HttpTarget target;
    private final byte[] request;
    private final double rate;
    private final Duration timeout;
    private final Semaphore connections;
    private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private Thread dispatcher;
    private Schedule schedule;

    public OpenLoop(HttpTarget target, double rate, int maxConnections, Duration timeout) {
        this.target = target;
        this.request = target.request();
        this.rate = rate;
        this.timeout = timeout;
        this.connections = new Semaphore(maxConnections);
    }

    /**
     * Runs {@code warmup} then {@code measured} and returns the samples due during {@code measured}: the
     * warm-up opens the connections and lets the JIT settle, and is not reported.
     */
    public static List<Sample> run(HttpTarget target, double rate, Duration warmup, Duration measured)
            throws InterruptedException {
        try (var loop = new OpenLoop(target, rate, 256, Duration.ofSeconds(10))) {
            long start = loop.start();
            long from = start + warmup.toNanos();
            long to = from + measured.toNanos();
            sleepUntil(to);
            return loop.stop().stream()
                    .filter(s -> s.scheduledNanos() >= from && s.scheduledNanos() < to)
                    .toList();
        }
    }

    /** Starts sending; returns the {@link System#nanoTime()} request 0 is due at. */
    public synchronized long start() {
        if (running) {
            throw new IllegalStateException("already running");
        }
        running = true;
        schedule = Schedule.atRate(rate, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        dispatcher =
                Thread.ofPlatform().name("open-loop-" + target.name()).daemon().start(this::dispatch);
        return schedule.startNanos();
    }

    /** The first sample so far that matches, in order of arrival. */
    public Optional<Sample> firstArrived(Predicate<Sample> matching) {
        return samples.stream().filter(matching).min(Comparator.comparingLong(Sample::endNanos));
    }

    /** Stops sending, waits for the requests in flight (at most the timeout) and returns every sample. */
    public List<Sample> stop() throws InterruptedException {
        running = false;
        if (dispatcher != null) {
            dispatcher.join();
        }
        requests.shutdown();
        requests.awaitTermination(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        var all = new ArrayList<>(samples);
        all.sort(Comparator.comparingLong(Sample::scheduledNanos));
        return all;
    }

    @Override
    public void close() {
        running = false;
        requests.shutdownNow();
        HttpConnection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }

    private void dispatch() {
        for (long i = 0; running; i++) {
            long due = schedule.sendTimeOf(i);
            sleepUntil(due);
            if (!running) {
                return;
            }
            requests.execute(() -> send(due));
        }
    }

    private void send(long due) {
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        HttpConnection connection = idle.pollFirst();
        long sent = System.nanoTime();
        try {
            if (connection == null) {
                connection = HttpConnection.open(target.port(), timeout);
                sent = System.nanoTime();
            }
            var response = connection.exchange(request);
            samples.add(new Sample(due, sent, System.nanoTime(), response.status(), response.problem()));
            if (connection.reusable()) {
                idle.offerFirst(connection);
            } else {
                closeQuietly(connection);
            }
        } catch (IOException | RuntimeException e) {
            samples.add(new Sample(due, sent, System.nanoTime(), Sample.FAILED, false));
            if (connection != null) {
                closeQuietly(connection);
            }
        } finally {
            connections.release();
        }
    }

    static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static void closeQuietly(HttpConnection connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // nothing to do about a connection we are done with
        }
    }
}
