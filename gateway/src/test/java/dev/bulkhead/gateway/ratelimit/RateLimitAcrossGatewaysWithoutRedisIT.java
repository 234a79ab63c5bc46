package dev.bulkhead.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.gateway.GatewayApplication;
import dev.bulkhead.gateway.StandInServices;
import dev.bulkhead.localservers.TcpProxy;
import dev.bulkhead.testsupport.Infrastructure;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateways side by side (two application contexts on their own ports, one JVM), Redis cut between
 * them and this run's Redis: one caller's requests, spread over both, are admitted within one limit
 * (burst + rate × time), not one limit per gateway, because each takes its share
 * ({@code bulkhead.gateway.rate-limit.local.instances=2}); and each still serves its share.
 */
class RateLimitAcrossGatewaysWithoutRedisIT {

    private static final int RATE = 10;
    private static final int BURST = 20;
    private static final int GATEWAYS = 2;
    private static final int TOLERANCE = 2;

    private static final Infrastructure.Redis REDIS = Infrastructure.get().redis();
    private static final TcpProxy proxy = TcpProxy.start(REDIS.host(), REDIS.port());
    private static final StandInAuth auth = StandInAuth.start();
    private static final StandInServices downstreams = StandInServices.start();
    private static final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

    private final HttpClient http = TestHttp.newClient();

    @AfterAll
    static void stop() {
        gateways.forEach(ConfigurableApplicationContext::close);
        proxy.close();
        downstreams.close();
        auth.close();
    }

    @Test
    void twoGatewaysWithoutRedisAdmitOneLimitBetweenThemNotOneEach() throws Exception {
        for (int i = 0; i < GATEWAYS; i++) {
            gateways.add(startGateway());
        }
        List<Integer> ports = gateways.stream()
                .map(RateLimitAcrossGatewaysWithoutRedisIT::port)
                .toList();
        // Redis in use first, through both: the shared buckets decide.
        String before = UUID.randomUUID().toString();
        for (int i = 0; i < 4; i++) {
            assertThat(http.send(request(ports.get(i % GATEWAYS), before), ofString())
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(redisHasBucketOf(before))
                .as("the shared tier decided while Redis was there")
                .isTrue();

        proxy.cut();
        // A caller at 100 requests a second, alternating between the gateways, for 3 s without Redis.
        String caller = UUID.randomUUID().toString();
        List<Traffic.Result> results =
                Traffic.send(http, 100, Duration.ofSeconds(3), i -> request(ports.get(i % GATEWAYS), caller));

        assertThat(results).allSatisfy(result -> assertThat(result.status()).isIn(200, 429));
        Duration window = Traffic.acceptingWindow(results);
        long admitted = Traffic.accepted(results);
        long bound = (long) Math.floor(BURST + RATE * window.toMillis() / 1000.0) + TOLERANCE;
        long unshared = GATEWAYS * (long) Math.floor(BURST + RATE * window.toMillis() / 1000.0);
        List<Long> byGateway = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            int port = ports.get(g);
            byGateway.add(results.stream()
                    .filter(r -> r.status() == 200 && r.response().uri().getPort() == port)
                    .count());
        }
        System.out.printf(
                "RateLimitAcrossGatewaysWithoutRedisIT: %d gateways, Redis cut, one caller: %d requests, %d admitted"
                        + " (by gateway %s) within %d ms; bound burst + rate x time = %d, one limit per gateway"
                        + " would be %d%n",
                GATEWAYS, results.size(), admitted, byGateway, window.toMillis(), bound, unshared);
        assertThat(admitted).as("admitted by both gateways together").isLessThanOrEqualTo(bound);
        assertThat(byGateway)
                .as("each gateway still serves its share without Redis: never closed")
                .allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(BURST / GATEWAYS));
        assertThat(redisHasBucketOf(caller)).as("decided without Redis").isFalse();
        for (var gateway : gateways) {
            assertThat(localDecisions(gateway))
                    .as("decisions by the local tier")
                    .isPositive();
        }
        proxy.resume();
    }

    private static ConfigurableApplicationContext startGateway() {
        Map<String, Object> properties = new HashMap<>();
        downstreams.register((name, value) -> properties.put(name, value.get()));
        properties.putAll(auth.properties());
        properties.put("server.port", 0);
        properties.put("spring.data.redis.host", "127.0.0.1");
        properties.put("spring.data.redis.port", proxy.port());
        properties.put("spring.data.redis.database", REDIS.database());
        properties.put("bulkhead.gateway.rate-limit.user.replenish", RATE);
        properties.put("bulkhead.gateway.rate-limit.user.burst", BURST);
        properties.put("bulkhead.gateway.rate-limit.local.instances", GATEWAYS);
        // As arguments: they win over application.yml (server.port: 8080), as a test's properties do.
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(GatewayApplication.class).run(arguments);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static double localDecisions(ConfigurableApplicationContext gateway) {
        return gateway.getBean(MeterRegistry.class).find(TokenBuckets.METRIC).tag("tier", "local").counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }

    private static boolean redisHasBucketOf(String subject) {
        RedisClient client = RedisClient.create(RedisURI.builder()
                .withHost(REDIS.host())
                .withPort(REDIS.port())
                .withDatabase(REDIS.database())
                .build());
        try (var connection = client.connect()) {
            String prefix = gateways.getFirst()
                    .getBean(RateLimitSettings.class)
                    .shared()
                    .keyPrefix();
            return connection.sync().exists(SharedTokenBuckets.key(prefix, RateLimitFilter.USER + ":" + subject)) == 1;
        } finally {
            client.shutdown();
        }
    }

    private HttpRequest request(int port, String subject) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/orders"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + auth.token(UUID.fromString(subject)))
                .GET()
                .build();
    }

    private static java.net.http.HttpResponse.BodyHandler<String> ofString() {
        return java.net.http.HttpResponse.BodyHandlers.ofString();
    }
}
