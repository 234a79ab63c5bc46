package dev.bulkhead.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.gateway.StandInServices;
import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.http.Eventually;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Leases against the real Redis script: a caller whose burst is large takes a few tokens per call (one
 * for the request, the rest for its next requests), and its next requests spend them without a call,
 * the next lease taken in the background once half of this one is spent;
 * a flood is still cut at the bucket, not a token more than Redis granted.
 */
@RealInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulkhead.gateway.rate-limit.user.burst=" + RateLimitLeasesIT.BURST,
            "bulkhead.gateway.rate-limit.user.replenish=1",
            "bulkhead.gateway.rate-limit.user.period=10s",
            "bulkhead.gateway.rate-limit.shared.lease-percent=5",
            // Long enough that no lease expires within a test on a busy machine: what is asserted here is
            // that leased tokens are spent, not lost (their expiry is LeasesTest's).
            "bulkhead.gateway.rate-limit.shared.lease-ttl=30s"
        })
class RateLimitLeasesIT {

    static final int BURST = 200;
    private static final int LEASE = 10; // 5 % of 200

    private static final StandInAuth auth = StandInAuth.start();
    private static final StandInServices downstreams = StandInServices.start();

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    RateLimitSettings settings;

    private final HttpClient http = TestHttp.newClient();

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        downstreams.register(registry);
        auth.register(registry);
    }

    @AfterAll
    static void stop() {
        downstreams.close();
        auth.close();
    }

    @Test
    void aBusyCallerTakesItsTokensFromRedisALeaseAtATime() throws Exception {
        UUID caller = UUID.randomUUID();
        HttpRequest request = get(auth.token(caller));

        assertThat(send(request).statusCode()).isEqualTo(200);
        assertThat(redisTokens(caller))
                .as("one request took a lease of %d", LEASE)
                .isEqualTo(BURST - LEASE);

        for (int i = 1; i < LEASE; i++) {
            HttpResponse<String> answer = send(request);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-RateLimit-Remaining"))
                    .as("what Redis kept plus what the lease still holds")
                    .hasValue(Integer.toString(BURST - 1 - i));
        }
        // The top-up is answered off the request path: its tokens reach Redis a moment after the request.
        assertThat(Eventually.within(Duration.ofSeconds(5))
                        .get(
                                "the top-up taken from Redis",
                                () -> redisTokens(caller),
                                tokens -> tokens == BURST - 2 * LEASE))
                .as("once half the lease was spent, the next one was taken in the background: one call")
                .isEqualTo(BURST - 2 * LEASE);

        assertThat(send(request).statusCode()).isEqualTo(200);
        assertThat(redisTokens(caller))
                .as("the eleventh spent a token of the top-up: no call")
                .isEqualTo(BURST - 2 * LEASE);
    }

    @Test
    void aFloodIsCutAtTheBucketLeasesOrNot() throws Exception {
        HttpRequest request = get(auth.token(UUID.randomUUID()));
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        long accepted = pending.stream()
                .map(CompletableFuture::join)
                .filter(answer -> answer.statusCode() == 200)
                .count();

        // A token every 10 s: within the test the bucket gives its burst and at most a token or two more.
        assertThat(accepted).isBetween((long) BURST - LEASE, (long) BURST + 2);
    }

    private long redisTokens(UUID caller) {
        Object tokens = redis.opsForHash()
                .get(
                        SharedTokenBuckets.key(settings.shared().keyPrefix(), RateLimitFilter.USER + ":" + caller),
                        "tokens")
                .block(Duration.ofSeconds(5));
        // The bucket refills one token every 10 s: within this test, only the fraction of one.
        return (long) Math.floor(Double.parseDouble(String.valueOf(tokens)));
    }

    private HttpRequest get(String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/orders"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
