package dev.bulkhead.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>Two threads: one keeps the schedule, one does all the I/O on non-blocking keep-alive connections.
 * A due request goes out on an idle connection or a new one, up to {@code maxConnections}; beyond that it
 * waits in the generator for the first connection to come free, and the wait counts, as wrk2 does with
 * its fixed set of connections. The generator shares the machine with what it measures, so it is built
 * to cost little: a thread or a blocking socket per request cost a third of the gateway's own CPU per
 * request (docs/performance.md).
 */
public final class OpenLoop implements AutoCloseable {

    /** How often requests in flight are checked against the timeout. */
    private static final long TICK_MILLIS = 10;

    private static final Duration DRAIN_GRACE = Duration.ofSeconds(1);

    private final HttpTarget target;
    private final ByteBuffer request;
    private final double rate;
    private final int maxConnections;
    private final Duration timeout;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Long> due = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private volatile boolean stopping;
    private Thread dispatcher;
    private Thread io;
    private Schedule schedule;

    // Owned by the I/O thread.
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final Set<Connection> busy = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private int open;

    public OpenLoop(HttpTarget target, double rate, int maxConnections, Duration timeout) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("at least one connection, was " + maxConnections);
        }
        this.target = target;
        this.request = ByteBuffer.wrap(target.request()).asReadOnlyBuffer();
        this.rate = rate;
        this.maxConnections = maxConnections;
        this.timeout = timeout;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code warmup} then {@code measured} on at most {@code maxConnections} and returns the samples
     * due during {@code measured}: the warm-up opens the connections and lets the JIT settle, and is not
     * reported.
     */
    public static List<Sample> run(
            HttpTarget target, double rate, int maxConnections, Duration warmup, Duration measured)
            throws InterruptedException {
        try (var loop = new OpenLoop(target, rate, maxConnections, Duration.ofSeconds(10))) {
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
        if (running || stopping) {
            throw new IllegalStateException("already started");
        }
        running = true;
        schedule = Schedule.atRate(rate, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        io = Thread.ofPlatform().name("open-loop-io-" + target.name()).daemon().start(this::serve);
        dispatcher =
                Thread.ofPlatform().name("open-loop-" + target.name()).daemon().start(this::dispatch);
        return schedule.startNanos();
    }

    /** The first sample so far that matches, in order of arrival. */
    public Optional<Sample> firstArrived(Predicate<Sample> matching) {
        return samples.stream().filter(matching).min(Comparator.comparingLong(Sample::endNanos));
    }

    /**
     * Stops the schedule, waits for the requests already due (at most the timeout) and returns every
     * sample in order of due time; a request that got no answer in that time is a failed sample.
     */
    public List<Sample> stop() throws InterruptedException {
        running = false;
        if (dispatcher != null) {
            dispatcher.join();
        }
        stopping = true;
        selector.wakeup();
        if (io != null) {
            io.join(timeout.plus(DRAIN_GRACE).multipliedBy(2).toMillis());
        }
        var all = new ArrayList<>(samples);
        all.sort(Comparator.comparingLong(Sample::scheduledNanos));
        return all;
    }

    @Override
    public void close() {
        running = false;
        stopping = true;
        if (io != null && io.isAlive()) {
            io.interrupt();
            try {
                io.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // nothing to do about a selector we are done with
        }
    }

    private void dispatch() {
        for (long i = 0; running; i++) {
            long at = schedule.sendTimeOf(i);
            sleepUntil(at);
            if (!running) {
                return;
            }
            due.add(at);
            selector.wakeup();
        }
    }

    private void serve() {
        boolean draining = false;
        long drainUntil = 0;
        long nextCheck = System.nanoTime(); // nanoTime may be negative: never compare it with a constant
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Long at;
                while ((at = due.poll()) != null) {
                    waiting.add(at);
                }
                long now = System.nanoTime();
                if (stopping) {
                    if (!draining) {
                        draining = true;
                        drainUntil = now + timeout.plus(DRAIN_GRACE).toNanos();
                    }
                    if ((waiting.isEmpty() && busy.isEmpty()) || now - drainUntil > 0) {
                        return;
                    }
                }
                sendWaiting();
                if (now - nextCheck >= 0) {
                    expire(now);
                    nextCheck = now + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                }
                selector.select(TICK_MILLIS);
                var keys = selector.selectedKeys();
                for (var key : keys) {
                    handle(key);
                }
                keys.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            long end = System.nanoTime();
            for (Long at : waiting) {
                samples.add(new Sample(at, end, end, Sample.FAILED, false));
            }
            waiting.clear();
            for (var connection : List.copyOf(busy)) {
                fail(connection);
            }
            for (var connection : List.copyOf(idle)) {
                close(connection);
            }
        }
    }

    private void sendWaiting() {
        while (!waiting.isEmpty()) {
            var connection = idle.pollFirst();
            if (connection == null) {
                if (open >= maxConnections) {
                    return;
                }
                connect(waiting.poll());
                continue;
            }
            send(connection, waiting.poll());
        }
    }

    private void connect(long at) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            long now = System.nanoTime();
            samples.add(new Sample(at, now, now, Sample.FAILED, false));
            return;
        }
        var connection = new Connection(channel);
        open++;
        connection.due = at;
        connection.sent = System.nanoTime();
        busy.add(connection);
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(new InetSocketAddress("127.0.0.1", target.port()))) {
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                write(connection);
            } else {
                connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
            }
        } catch (IOException e) {
            fail(connection);
        }
    }

    private void send(Connection connection, long at) {
        connection.due = at;
        busy.add(connection);
        write(connection);
    }

    private void write(Connection connection) {
        connection.sent = System.nanoTime();
        connection.out = request.duplicate();
        try {
            connection.channel.write(connection.out);
            if (connection.out.hasRemaining()) {
                connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            fail(connection);
        }
    }

    private void handle(SelectionKey key) {
        var connection = (Connection) key.attachment();
        if (!key.isValid()) {
            return;
        }
        try {
            if (key.isConnectable()) {
                connection.channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                write(connection);
                return;
            }
            if (key.isWritable()) {
                connection.channel.write(connection.out);
                if (!connection.out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isReadable()) {
                read(connection);
            }
        } catch (IOException e) {
            if (busy.contains(connection)) {
                fail(connection);
            } else {
                close(connection);
            }
        }
    }

    private void read(Connection connection) throws IOException {
        readBuffer.clear();
        int n = connection.channel.read(readBuffer);
        if (n < 0) {
            if (!busy.contains(connection)) {
                close(connection); // the server let an idle keep-alive connection go
                return;
            }
            var response = connection.parser.endOfStream();
            if (response == null) {
                fail(connection);
            } else {
                complete(connection, response);
            }
            return;
        }
        readBuffer.flip();
        while (readBuffer.hasRemaining()) {
            if (!busy.contains(connection)) {
                throw new IOException("bytes from the server with no request outstanding");
            }
            var response = connection.parser.feed(readBuffer);
            if (response == null) {
                return;
            }
            complete(connection, response);
        }
    }

    private void complete(Connection connection, ResponseParser.Response response) {
        samples.add(
                new Sample(connection.due, connection.sent, System.nanoTime(), response.status(), response.problem()));
        busy.remove(connection);
        if (!response.keepAlive()) {
            close(connection);
        } else if (!waiting.isEmpty()) {
            send(connection, waiting.poll());
        } else {
            idle.offerFirst(connection); // the most recently used first, so few connections stay warm
        }
    }

    private void expire(long now) {
        long limit = timeout.toNanos();
        List<Connection> late = null;
        for (var connection : busy) {
            if (now - connection.sent > limit) {
                if (late == null) {
                    late = new ArrayList<>();
                }
                late.add(connection);
            }
        }
        if (late != null) {
            late.forEach(this::fail);
        }
    }

    private void fail(Connection connection) {
        if (busy.remove(connection)) {
            samples.add(new Sample(connection.due, connection.sent, System.nanoTime(), Sample.FAILED, false));
        }
        close(connection);
    }

    private void close(Connection connection) {
        if (connection.closed) {
            return;
        }
        connection.closed = true;
        open--;
        busy.remove(connection);
        idle.remove(connection);
        if (connection.key != null) {
            connection.key.cancel();
        }
        try {
            connection.channel.close();
        } catch (IOException e) {
            // nothing to do about a connection we are done with
        }
    }

    static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** One keep-alive connection and the request it carries, if any. */
    private static final class Connection {
        final SocketChannel channel;
        final ResponseParser parser = new ResponseParser();
        SelectionKey key;
        ByteBuffer out;
        long due;
        long sent;
        boolean closed;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }
}
