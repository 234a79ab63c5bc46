package dev.bulkhead.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server in this JVM (the JDK's), on loopback. */
class OpenLoopTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicInteger requests = new AtomicInteger();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private volatile int stallOnRequest = -1;
    private volatile Duration stall = Duration.ZERO;
    private volatile Duration eachTakes = Duration.ZERO;
    private ExecutorService handlers;
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        handlers = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(handlers);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void aStallOfTheServerShowsInTheLatencyOfEveryRequestDueDuringIt() throws InterruptedException {
        stallOnRequest = 50;
        stall = Duration.ofMillis(400);

        var samples = OpenLoop.run(target(), 100, 1, Duration.ofMillis(200), Duration.ofSeconds(2));

        assertThat(samples).hasSizeBetween(195, 205).allMatch(Sample::ok);
        // About 40 requests were due during the 400 ms stall on the one connection. A closed loop would
        // have asked for one of them and reported one slow request; here each reports its wait.
        var waitedForTheStall =
                samples.stream().filter(s -> s.latencyNanos() > 100 * MS).toList();
        assertThat(waitedForTheStall).hasSizeGreaterThanOrEqualTo(25);
        assertThat(waitedForTheStall.stream().filter(s -> s.serviceNanos() > 100 * MS))
                .as("only the stalled request itself was slow once sent")
                .hasSizeLessThanOrEqualTo(2);
        assertThat(samples.stream().mapToLong(Sample::latencyNanos).max().orElseThrow())
                .isGreaterThan(300 * MS);
    }

    @Test
    void opensConnectionsAsRequestsOverlapButNeverMoreThanItsLimit() throws InterruptedException {
        eachTakes = Duration.ofMillis(50);

        // 200 req/s of 50 ms each keeps ten in flight; four connections carry what they can and the
        // rest wait their turn in the generator, which their latency shows.
        var samples = OpenLoop.run(target(), 200, 4, Duration.ofMillis(200), Duration.ofSeconds(1));

        assertThat(clientPorts).hasSize(4);
        assertThat(samples).allMatch(Sample::ok);
        assertThat(samples.getLast().latencyNanos()).isGreaterThan(500 * MS);
    }

    @Test
    void aRequestWithNoAnswerWithinTheTimeoutIsAFailedSample() throws InterruptedException {
        eachTakes = Duration.ofSeconds(3);

        List<Sample> samples;
        try (var loop = new OpenLoop(target(), 20, 8, Duration.ofMillis(300))) {
            loop.start();
            Thread.sleep(200);
            samples = loop.stop();
        }

        assertThat(samples).isNotEmpty().allMatch(s -> s.status() == Sample.FAILED);
        assertThat(samples).allMatch(s -> s.serviceNanos() >= 300 * MS && s.serviceNanos() < 2_000 * MS);
    }

    private HttpTarget target() {
        return new HttpTarget("test", server.getAddress().getPort(), "/x", Optional.empty());
    }

    private void answer(HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        int n = requests.incrementAndGet();
        try {
            Thread.sleep(n == stallOnRequest ? stall : eachTakes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = "{}".getBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
