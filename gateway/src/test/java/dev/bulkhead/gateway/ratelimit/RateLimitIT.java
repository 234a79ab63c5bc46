package dev.bulkhead.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.gateway.StandInServices;
import dev.bulkhead.testsupport.RealInfrastructure;
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
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The limits over real HTTP with the shared buckets in the real Redis: one user's flood is cut to the
 * burst plus the refill, every refusal says when to come back, another user is not affected;
 * anonymous callers are limited per IP, login attempts per account and per IP. One proxy in front is
 * trusted, so each test can speak from addresses of its own.
 */
@RealInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bulkhead.gateway.rate-limit.client-ip.trusted-proxies=1")
class RateLimitIT {

    private static final int RATE = 10; // the defaults: 10 per second,
    private static final int BURST = 20; // at most 20 at once
    private static final int TOLERANCE = 2;

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
    void cutsOneUsersFloodToBurstPlusRefillWhileAnotherUserIsServed() throws Exception {
        String flooder = UUID.randomUUID().toString();
        String neighbour = UUID.randomUUID().toString();
        HttpRequest flood = get("/api/v1/orders", auth.token(UUID.fromString(flooder)), null);
        HttpRequest calm = get("/api/v1/orders", auth.token(UUID.fromString(neighbour)), null);

        CompletableFuture<List<Traffic.Result>> neighbours =
                CompletableFuture.supplyAsync(() -> Traffic.send(http, 5, Duration.ofMillis(2500), i -> calm));
        List<Traffic.Result> flooded = Traffic.send(http, 100, Duration.ofMillis(2500), i -> flood);

        Duration window = Traffic.acceptingWindow(flooded);
        long accepted = Traffic.accepted(flooded);
        long ceiling = (long) Math.floor(BURST + RATE * window.toMillis() / 1000.0) + TOLERANCE;
        System.out.printf(
                "RateLimitIT: %d requests from one user in %d ms (last accepted answer after %d ms), %d accepted"
                        + " (ceiling %d), %d refused%n",
                flooded.size(),
                Traffic.span(flooded).toMillis(),
                window.toMillis(),
                accepted,
                ceiling,
                flooded.size() - accepted);
        assertThat(accepted).as("accepted of %d", flooded.size()).isBetween((long) BURST, ceiling);
        assertThat(flooded).allSatisfy(result -> assertThat(result.status()).isIn(200, 429));
        flooded.stream().filter(result -> result.status() == 429).forEach(RateLimitIT::assertRefusal);
        flooded.stream()
                .filter(result -> result.status() == 200)
                .forEach(result ->
                        assertThat(result.header("X-RateLimit-Remaining")).isNotNull());

        assertThat(neighbours.join())
                .allSatisfy(result ->
                        assertThat(result.status()).as("the other user").isEqualTo(200));
        assertThat(redis.hasKey(SharedTokenBuckets.key(
                                settings.shared().keyPrefix(), RateLimitFilter.USER + ":" + flooder))
                        .block())
                .as("the flooder's bucket lives in Redis, shared by every instance")
                .isTrue();
    }

    @Test
    void limitsAnonymousCallersPerClientAddress() throws Exception {
        String busy = randomAddress();
        long started = System.nanoTime();
        // All at once: one after the other on a busy machine, 40 requests can take long enough for the
        // bucket to refill by the last of them.
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pending.add(http.sendAsync(get("/api/v1/products/7", null, busy), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers =
                pending.stream().map(CompletableFuture::join).toList();
        double seconds = (System.nanoTime() - started) / 1e9;

        long accepted =
                answers.stream().filter(answer -> answer.statusCode() == 200).count();
        assertThat(accepted).isBetween((long) BURST, (long) Math.floor(BURST + RATE * seconds) + TOLERANCE);
        assertThat(answers)
                .as("the answers beyond the burst")
                .filteredOn(answer -> answer.statusCode() == 429)
                .isNotEmpty()
                .allSatisfy(answer ->
                        assertThat(answer.headers().firstValue("Retry-After")).isPresent());

        for (int i = 0; i < 5; i++) {
            assertThat(send(get("/api/v1/products/7", null, randomAddress())).statusCode())
                    .as("another address")
                    .isEqualTo(200);
        }
    }

    @Test
    void limitsLoginAttemptsPerAccountFromWhateverAddressTheyCome() throws Exception {
        String email = "victim-" + UUID.randomUUID() + "@example.com";
        int before = logins();

        List<HttpResponse<String>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Another spelling of the address is not another account.
            String spelled = i % 2 == 0 ? email : email.toUpperCase(java.util.Locale.ROOT);
            attempts.add(send(login(spelled, randomAddress())));
        }

        assertThat(attempts.subList(0, 5))
                .allSatisfy(attempt -> assertThat(attempt.statusCode()).isEqualTo(200));
        HttpResponse<String> refused = attempts.get(5);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("login attempts");
        assertThat(refused.headers().firstValue("X-RateLimit-Limit")).hasValue("5");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .as("one attempt comes back every 12 s")
                .isBetween(1L, 12L);
        assertThat(logins() - before).as("attempts that reached auth-service").isEqualTo(5);
        assertThat(downstreams.requests().subList(before, downstreams.requests().size()))
                .filteredOn(request -> request.startsWith("auth POST /api/v1/auth/login "))
                .as("the body, read by the limiter, still reaches auth-service whole")
                .allSatisfy(request ->
                        assertThat(request).endsWith(" " + loginBody(email).length()));

        assertThat(send(login("someone-else-" + UUID.randomUUID() + "@example.com", randomAddress()))
                        .statusCode())
                .as("another account")
                .isEqualTo(200);
    }

    @Test
    void limitsLoginAttemptsWhateverSpellingOfThePathOrTheAddressTheServiceTakesForTheSame() throws Exception {
        String email = "spelled-" + UUID.randomUUID() + "@example.com";
        int before = logins();
        // Each of these is a login to auth-service (it decodes the path and strips Unicode spaces from the
        // email): each must take from the same two buckets.
        List<String> paths = List.of(
                "/api/v1/auth/%6Cogin",
                "/api/v1/%61uth/login",
                "/api/v1/auth/l%6Fgin",
                "/api/v1/auth/%6C%6F%67%69%6E",
                "/api/v1/auth/login",
                "/api/v1/auth/%6Cogin");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String spelled = i % 2 == 0 ? email : email + "\u2003";
            statuses.add(send(login(paths.get(i), spelled, randomAddress())).statusCode());
        }

        assertThat(statuses.subList(0, 5)).as("statuses %s", statuses).containsOnly(200);
        assertThat(statuses.getLast())
                .as("the sixth attempt at one account, however spelled")
                .isEqualTo(429);
        assertThat(logins() - before).as("attempts that reached auth-service").isEqualTo(5);

        // Spellings the gateway does not route at all are refused before any limit: none reaches auth-service.
        for (String path : List.of("/api/v1/auth/login;jsessionid=1", "/api/v1/auth//login", "/api/v1/auth/./login")) {
            assertThat(send(login(path, "other-" + UUID.randomUUID() + "@example.com", randomAddress()))
                            .statusCode())
                    .as(path)
                    .isEqualTo(400);
        }
        assertThat(logins() - before).as("attempts that reached auth-service").isEqualTo(5);
    }

    @Test
    void limitsLoginAttemptsPerAddressWhateverTheAccount() throws Exception {
        String address = randomAddress();
        List<HttpResponse<String>> attempts = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            attempts.add(send(login("user-" + UUID.randomUUID() + "@example.com", address)));
            Thread.sleep(60); // slower than the general limit of the address, faster than the login limit
        }

        assertThat(attempts.subList(0, 20))
                .allSatisfy(attempt -> assertThat(attempt.statusCode()).isEqualTo(200));
        assertThat(attempts.getLast().statusCode()).isEqualTo(429);
        assertThat(attempts.getLast().body()).contains("login attempts");
        assertThat(send(login("user-" + UUID.randomUUID() + "@example.com", randomAddress()))
                        .statusCode())
                .as("another address")
                .isEqualTo(200);
    }

    private static void assertRefusal(Traffic.Result refused) {
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(BURST));
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(refused.header("X-RateLimit-Reset"))).isBetween(1L, 2L);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.response().body()).contains("\"status\":429", "\"title\":\"Too Many Requests\"");
    }

    private int logins() {
        return downstreams.requests().size();
    }

    private static String loginBody(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"not-this-one\"}";
    }

    private HttpRequest login(String email, String address) {
        return login("/api/v1/auth/login", email, address);
    }

    private HttpRequest login(String path, String email, String address) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(loginBody(email)))
                .build();
    }

    private HttpRequest get(String path, String token, String address) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (address != null) {
            request.header("X-Forwarded-For", address);
        }
        return request.GET().build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.51." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
    }
}
