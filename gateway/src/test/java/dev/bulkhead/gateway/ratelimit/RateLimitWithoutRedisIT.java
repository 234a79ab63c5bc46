package dev.bulkhead.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.gateway.StandInServices;
import dev.bulkhead.localservers.TcpProxy;
import dev.bulkhead.testsupport.Infrastructure;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis taken away during traffic, through a TCP proxy between the gateway and this run's Redis (the
 * server itself is shared and never touched): requests go on being served, the limits go on being
 * enforced by each instance, refusals stay fast (no request waits for Redis once the breaker is
 * open; measured and printed), and once Redis is back the shared buckets decide again within 5 s,
 * proven with a bucket that "another instance" emptied directly in Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitWithoutRedisIT {

    private static final int RATE = 10;
    private static final int BURST = 20;
    private static final int TOLERANCE = 2;
    private static final Duration TYPICAL_DECISION_BOUND = Duration.ofMillis(5);
    private static final Duration ADDED_P90_BOUND = Duration.ofMillis(20);
    private static final Duration BACK_IN_USE_BOUND = Duration.ofSeconds(5);

    private static final Infrastructure.Redis REDIS = Infrastructure.get().redis();
    private static final TcpProxy proxy = TcpProxy.start(REDIS.host(), REDIS.port());
    private static final StandInAuth auth = StandInAuth.start();
    private static final StandInServices downstreams = StandInServices.start();
    private static final RedisClient direct = RedisClient.create(RedisURI.builder()
            .withHost(REDIS.host())
            .withPort(REDIS.port())
            .withDatabase(REDIS.database())
            .build());
    private static final StatefulRedisConnection<String, String> connection = direct.connect();

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    RateLimitSettings settings;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = TestHttp.newClient();

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", proxy::port);
        registry.add("spring.data.redis.database", REDIS::database);
        downstreams.register(registry);
        auth.register(registry);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        connection.close();
        direct.shutdown();
        downstreams.close();
        auth.close();
    }

    @Test
    void keepsLimitingWithoutRedisAndUsesTheSharedBucketsAgainOnceItIsBack() throws Exception {
        CircuitBreaker breaker = breakers.circuitBreaker(RateLimitConfiguration.REDIS_BREAKER);
        AtomicLong cutAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong openedAt = new AtomicLong();
        breaker.getEventPublisher().onStateTransition(event -> {
            long now = System.nanoTime();
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN && now > cutAt.get()) {
                openedAt.compareAndSet(0, now);
            }
        });
        RedisCommands<String, String> redis = connection.sync();

        // Warm up the path, and see the shared buckets in use.
        String warm = UUID.randomUUID().toString();
        for (int i = 0; i < 30; i++) {
            assertThat(send(userRequest(warm)).statusCode()).isIn(200, 429);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(redis.exists(bucketKey(warm))).as("a bucket in Redis").isEqualTo(1L);
        HttpRequest warmFlood = userRequest(warm);
        Traffic.send(http, 100, Duration.ofSeconds(1), i -> warmFlood); // the same load, unmeasured

        // One user at 100 requests a second: 3 s with Redis, then 3 s without.
        String flooder = UUID.randomUUID().toString();
        HttpRequest flood = userRequest(flooder);
        List<Traffic.Result> withRedis = Traffic.send(http, 100, Duration.ofSeconds(3), i -> flood);
        double localBefore = localDecisions();
        cutAt.set(System.nanoTime());
        proxy.cut();
        List<Traffic.Result> withoutRedis = Traffic.send(http, 100, Duration.ofSeconds(3), i -> flood);

        // A user who starts during the outage gets a burst, no more. Sent all at once: one after the other,
        // on a busy machine, 40 requests can take long enough for the bucket to refill to the end.
        String newcomer = UUID.randomUUID().toString();
        long newcomerStart = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pending.add(http.sendAsync(userRequest(newcomer), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> newcomers =
                pending.stream().map(CompletableFuture::join).toList();
        double newcomerSeconds = (System.nanoTime() - newcomerStart) / 1e9;

        // Logins go on during the outage, and the stricter login limit still holds, per instance.
        String email = "during-the-outage-" + UUID.randomUUID() + "@example.com";
        List<HttpResponse<String>> logins = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            logins.add(send(login(email)));
        }

        List<Traffic.Result> all = new ArrayList<>(withRedis);
        all.addAll(withoutRedis);
        assertThat(all).allSatisfy(result -> assertThat(result.status()).isIn(200, 429));
        Duration window = Traffic.acceptingWindow(all);
        long ceiling = (long) Math.floor(BURST + RATE * window.toMillis() / 1000.0) + TOLERANCE;
        System.out.printf(
                "RateLimitWithoutRedisIT: one user, %d requests, %d accepted within %d ms (ceiling %d), %d of them"
                        + " without Redis%n",
                all.size(), Traffic.accepted(all), window.toMillis(), ceiling, Traffic.accepted(withoutRedis));
        assertThat(Traffic.accepted(all)).as("accepted across the outage").isLessThanOrEqualTo(ceiling);
        assertThat(Traffic.accepted(withoutRedis))
                .as("still served without Redis")
                .isPositive();
        assertThat(withoutRedis).filteredOn(result -> result.status() == 429).isNotEmpty();
        long newcomersAccepted =
                newcomers.stream().filter(answer -> answer.statusCode() == 200).count();
        assertThat(newcomersAccepted)
                .as("a new user during the outage, limited by this instance alone")
                .isBetween((long) BURST, (long) Math.floor(BURST + RATE * newcomerSeconds) + TOLERANCE);
        assertThat(newcomers)
                .as("the newcomer's requests beyond the burst")
                .anySatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(429));
        assertThat(redis.exists(bucketKey(newcomer)))
                .as("decided without Redis")
                .isZero();
        assertThat(logins.subList(0, 5))
                .as("logins while Redis is down reach auth-service")
                .allSatisfy(login -> assertThat(login.statusCode()).isEqualTo(200))
                .allSatisfy(login -> assertThat(login.body()).isEqualTo("auth"));
        assertThat(logins.getLast().statusCode())
                .as("the sixth attempt on one account within the minute")
                .isEqualTo(429);
        assertThat(logins.getLast().body()).contains("login attempts");
        assertThat(localDecisions() - localBefore)
                .as("decisions by the local tier")
                .isPositive();

        // Refusals stay fast once the breaker is open: no request waits for Redis. What the limiter adds to
        // a request is its decision time, measured in the gateway: a decision that waited for Redis takes
        // the whole Redis timeout, one decided locally takes microseconds plus whatever the scheduler adds.
        // So the typical decision must be immediate and even the p99 must stay below the timeout; a
        // fixed 20 ms p99 failed once with another module's tests on the same two cores (25.2 ms, while
        // the end-to-end p90 showed nothing added). End to end, the refusals' latencies with and without
        // Redis are compared at p90, as a p99 over a few hundred requests on a shared machine is one
        // scheduler stall away from anything.
        assertThat(openedAt.get())
                .as("the breaker around Redis opened after the cut")
                .isPositive();
        List<Traffic.Result> afterOpen = withoutRedis.stream()
                .filter(result -> result.sentAt() > openedAt.get())
                .toList();
        Timer decidedWithoutRedis =
                meters.find(TokenBuckets.TIMER).tag("path", "local").timer();
        assertThat(decidedWithoutRedis).isNotNull();
        Duration decisionP50 = percentile(decidedWithoutRedis, 0.5);
        Duration decisionP99 = percentile(decidedWithoutRedis, 0.99);
        Duration redisTimeout = settings.shared().timeout();
        Duration decisionMax = Duration.ofNanos((long) decidedWithoutRedis.max(TimeUnit.NANOSECONDS));
        Duration addedAtP90 =
                Traffic.percentile(refused(afterOpen), 0.9).minus(Traffic.percentile(refused(withRedis), 0.9));
        System.out.printf(
                "RateLimitWithoutRedisIT: breaker opened %d ms after the cut; %d decisions without Redis once it was"
                        + " open: p50 %.3f ms (bound %d ms), p99 %.3f ms (bound: the Redis timeout, %d ms), max %.3f ms%n",
                Duration.ofNanos(openedAt.get() - cutAt.get()).toMillis(),
                decidedWithoutRedis.count(),
                decisionP50.toNanos() / 1e6,
                TYPICAL_DECISION_BOUND.toMillis(),
                decisionP99.toNanos() / 1e6,
                redisTimeout.toMillis(),
                decisionMax.toNanos() / 1e6);
        System.out.printf(
                "RateLimitWithoutRedisIT: end to end, refusals with Redis %s; without Redis, breaker open %s;"
                        + " added at p90 %.1f ms%n",
                Traffic.distribution(refused(withRedis)),
                Traffic.distribution(refused(afterOpen)),
                addedAtP90.toNanos() / 1e6);
        assertThat(afterOpen).hasSizeGreaterThan(200);
        assertThat(decidedWithoutRedis.count()).isGreaterThanOrEqualTo(afterOpen.size());
        assertThat(decisionP50)
                .as("p50 of the time a decision takes without Redis")
                .isLessThan(TYPICAL_DECISION_BOUND);
        assertThat(decisionP99)
                .as("p99 of the time a decision takes without Redis: none of them waited for it")
                .isLessThan(redisTimeout);
        assertThat(addedAtP90).as("latency added end to end, p90").isLessThan(ADDED_P90_BOUND);

        // Redis back: a bucket another instance emptied in Redis must refuse here too, soon.
        proxy.resume();
        long restoredAt = System.nanoTime();
        Duration tookToReturn = null;
        while (System.nanoTime() - restoredAt
                < BACK_IN_USE_BOUND.multipliedBy(2).toNanos()) {
            String emptied = UUID.randomUUID().toString();
            emptyInRedis(redis, emptied);
            if (send(userRequest(emptied)).statusCode() == 429) {
                tookToReturn = Duration.ofNanos(System.nanoTime() - restoredAt);
                break;
            }
            Thread.sleep(100);
        }
        System.out.printf(
                "RateLimitWithoutRedisIT: shared buckets decide again %s ms after Redis came back (bound %d ms)%n",
                tookToReturn == null ? "never" : Long.toString(tookToReturn.toMillis()), BACK_IN_USE_BOUND.toMillis());
        assertThat(tookToReturn)
                .as("time until the shared buckets decide again")
                .isNotNull();
        assertThat(tookToReturn).isLessThan(BACK_IN_USE_BOUND);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private static Duration percentile(Timer timer, double percentile) {
        return Arrays.stream(timer.takeSnapshot().percentileValues())
                .filter(value -> value.percentile() == percentile)
                .map(value -> Duration.ofNanos((long) value.value(TimeUnit.NANOSECONDS)))
                .findFirst()
                .orElseThrow();
    }

    private static List<Traffic.Result> refused(List<Traffic.Result> results) {
        return results.stream().filter(result -> result.status() == 429).toList();
    }

    /** What another gateway instance leaves behind after using up a caller's bucket. */
    private void emptyInRedis(RedisCommands<String, String> redis, String subject) {
        List<String> time = redis.time();
        long nowMillis = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        redis.hset(bucketKey(subject), Map.of("tokens", "0", "at", Long.toString(nowMillis)));
        redis.pexpire(bucketKey(subject), 60_000);
    }

    private String bucketKey(String subject) {
        return SharedTokenBuckets.key(settings.shared().keyPrefix(), RateLimitFilter.USER + ":" + subject);
    }

    private double localDecisions() {
        return meters.find(TokenBuckets.METRIC).tag("tier", "local").counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }

    private HttpRequest userRequest(String subject) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/orders"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + auth.token(UUID.fromString(subject)))
                .GET()
                .build();
    }

    private HttpRequest login(String email) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"correct-horse-battery\"}"))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
