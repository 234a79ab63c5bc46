package dev.bulkhead.systemtests;

import static dev.bulkhead.systemtests.OrderSaga.order;

import dev.bulkhead.systemtests.Gateway.User;
import dev.bulkhead.systemtests.NothingLost.Placed;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The orders a load test under failure places: a catalogue it creates, seeded order bodies over it
 * (one or two lines of one or two units, one in ten with a card that is declined), each posted at its
 * time with an Idempotency-Key of its own and retried with it on a retryable answer.
 */
final class OrderLoad {

    /**
     * Failure detection shortened where its default is tuned for production rather than a test that
     * kills instances: a killed consumer's partitions move to a survivor after 10 s (not 45 s), a dead
     * instance's charge is taken over once its lease is 10 s stale, and a provider call ends (5 s)
     * before its lease does.
     */
    static final Map<String, String> QUICK_FAILURE_DETECTION = Map.of(
            "SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS",
            "10000",
            "BULKHEAD_PAYMENT_CHARGES_STALEAFTER",
            "10s",
            "BULKHEAD_PAYMENT_CHARGES_SWEEPINTERVAL",
            "2s",
            "SPRING_APPLICATION_JSON",
            "{\"spring.cloud.openfeign.client.config.payment-provider.read-timeout\": 5000}");

    private OrderLoad() {}

    /** The test's own HTTP client: HTTP/1.1 as the applications speak it, a short connect timeout. */
    static HttpClient http() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Creates {@code count} products of {@code stockEach} units as the admin; returns their ids. */
    static List<String> catalogue(Gateway gateway, User admin, String name, int count, int stockEach) throws Exception {
        var products = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            var price = new BigDecimal((3 + i) + ".25");
            var created = gateway.post(
                            "/api/v1/products",
                            admin,
                            Map.of(
                                    "name",
                                    name + " " + i,
                                    "price",
                                    Map.of("amount", price.toPlainString(), "currency", "EUR"),
                                    "stock",
                                    stockEach),
                            Map.of())
                    .expect(201);
            products.add(created.json().path("id").asString());
        }
        return products;
    }

    /** {@code count} order bodies over {@code products}, the same for the same {@code seed}: a failure can be replayed. */
    static List<Map<String, Object>> bodies(long seed, List<String> products, int count) {
        var random = new Random(seed);
        var bodies = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < count; i++) {
            int first = random.nextInt(products.size());
            var lines = new ArrayList<Object>(List.of(products.get(first), 1 + random.nextInt(2)));
            if (random.nextBoolean()) {
                lines.add(products.get((first + 1 + random.nextInt(products.size() - 1)) % products.size()));
                lines.add(1 + random.nextInt(2));
            }
            bodies.add(order(random.nextInt(10) == 0 ? "tok_declined" : "tok_ok", lines.toArray()));
        }
        return bodies;
    }

    /**
     * Schedules body {@code i} {@code i × pace} from now, posted by {@code userFor.apply(i)} (asked at
     * sending time, so a token renewed meanwhile is used); each attempt series lands in {@code placed}.
     */
    static List<Future<?>> post(
            ScheduledExecutorService posting,
            RetryingClient client,
            List<Map<String, Object>> bodies,
            IntFunction<User> userFor,
            Duration pace,
            List<Placed> placed) {
        var posts = new ArrayList<Future<?>>();
        for (int i = 0; i < bodies.size(); i++) {
            int n = i;
            posts.add(posting.schedule(
                    () -> {
                        String key = UUID.randomUUID().toString();
                        var user = userFor.apply(n);
                        var attempts = client.post("/api/v1/orders", user.accessToken(), bodies.get(n), key);
                        placed.add(new Placed(
                                user,
                                key,
                                attempts,
                                attempts.accepted() ? attempts.json().path("id").asString() : null));
                        return null;
                    },
                    n * pace.toMillis(),
                    TimeUnit.MILLISECONDS));
        }
        return posts;
    }
}
