package dev.bulkhead.resilience.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bulkhead.testsupport.time.MovableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PollingRevocationListTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final MovableClock clock = new MovableClock(NOW);
    private final List<String> sinceAsked = new CopyOnWriteArrayList<>();
    private volatile String answer = "{\"asOf\":\"2026-11-23T12:00:00Z\",\"revocations\":[]}";
    private volatile int status = 200;
    private HttpServer auth;
    private PollingRevocationList list;

    @BeforeEach
    void standInAuth() throws Exception {
        auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/internal/v1/revocations", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            sinceAsked.add(URLDecoder.decode(query.substring("since=".length()), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        auth.start();
        list = new PollingRevocationList(
                new BulkheadSecurityProperties.Revocations(
                        true,
                        URI.create("http://127.0.0.1:" + auth.getAddress().getPort() + "/internal/v1/revocations"),
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(5),
                        false),
                new BulkheadSecurityProperties.Jwt(
                        "bulkhead-auth",
                        "bulkhead",
                        "RS256",
                        URI.create("http://127.0.0.1:1/jwks"),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(15),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30),
                        Duration.ZERO),
                clock,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        auth.stop(0);
    }

    @Test
    void readsOnlyWhatWasRevokedSinceThePreviousAnswer() {
        list.poll();
        assertThat(sinceAsked).containsExactly("2026-11-23T11:44:30Z"); // now - (15 min lifetime + 30 s skew)

        answer =
                "{\"asOf\":\"2026-11-23T12:00:02Z\",\"revocations\":[{\"jti\":\"a\",\"expiresAt\":\"2026-11-23T12:10:00Z\"}]}";
        list.poll();

        assertThat(sinceAsked).last().isEqualTo("2026-11-23T12:00:00Z");
        assertThat(list.isRevoked("a")).isTrue();
        assertThat(list.isRevoked("b")).isFalse();

        answer = "{\"asOf\":\"2026-11-23T12:00:04Z\",\"revocations\":[]}";
        list.poll();
        assertThat(sinceAsked).last().isEqualTo("2026-11-23T12:00:02Z");
        assertThat(list.isRevoked("a")).as("kept across reads").isTrue();
    }

    @Test
    void forgetsAnEntryOnceItsTokenHasExpiredBeyondTheSkew() {
        answer =
                "{\"asOf\":\"2026-11-23T12:00:00Z\",\"revocations\":[{\"jti\":\"a\",\"expiresAt\":\"2026-11-23T12:05:00Z\"}]}";
        list.poll();
        assertThat(list.isRevoked("a")).isTrue();

        answer = "{\"asOf\":\"2026-11-23T12:05:29Z\",\"revocations\":[]}";
        clock.advance(Duration.ofMinutes(5).plusSeconds(29));
        list.poll();
        assertThat(list.isRevoked("a")).as("still inside exp + skew").isTrue();

        clock.advance(Duration.ofSeconds(2));
        list.poll();
        assertThat(list.known()).isEmpty();
    }

    @Test
    void keepsWhatItKnowsWhileAuthServiceFails() {
        answer =
                "{\"asOf\":\"2026-11-23T12:00:00Z\",\"revocations\":[{\"jti\":\"a\",\"expiresAt\":\"2026-11-23T12:10:00Z\"}]}";
        list.poll();
        Instant lastGood = list.lastSuccessfulRead();

        status = 500;
        clock.advance(Duration.ofSeconds(2));
        list.poll();
        auth.stop(0);
        list.poll();

        assertThat(list.isRevoked("a")).isTrue();
        assertThat(list.lastSuccessfulRead()).isEqualTo(lastGood);
    }
}
