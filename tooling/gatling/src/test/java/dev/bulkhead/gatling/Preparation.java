package dev.bulkhead.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the simulation sets up before the first virtual user starts, with a plain HTTP client and
 * outside the measured figures: it checks that the gateway answers and lets a load test through, makes
 * the accounts the login scenario uses (and waits until user-service has their profiles, which it builds
 * from an event), and sets aside one unit of stock for every order the run will place, so that no order
 * can be cancelled for want of stock and "every order CONFIRMED" is a fair objective.
 */
final class Preparation {

    static final String PASSWORD = "correct-horse-battery";

    /** The gateway's default anonymous burst; a stack started with it refuses this test's traffic. */
    static final int DEFAULT_ANONYMOUS_BURST = 20;

    static final String RAISED_LIMITS = "BULKHEAD_GATEWAY_RATELIMIT_USER_REPLENISH=500"
            + " BULKHEAD_GATEWAY_RATELIMIT_USER_BURST=1000 BULKHEAD_GATEWAY_RATELIMIT_ANONYMOUS_REPLENISH=500"
            + " BULKHEAD_GATEWAY_RATELIMIT_ANONYMOUS_BURST=1000 BULKHEAD_GATEWAY_RATELIMIT_LOGIN_PERIP=1000"
            + " BULKHEAD_GATEWAY_RATELIMIT_LOGIN_PERACCOUNT=100 ./bulkhead up";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PROFILE_WAIT = Duration.ofSeconds(60);
    private static final int PAGE_SIZE = 100;

    private final LoadSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Map<String, Object>> accounts = new CopyOnWriteArrayList<>();
    private final AtomicLong nextAccount = new AtomicLong();
    private final ConcurrentLinkedQueue<String> stockUnits = new ConcurrentLinkedQueue<>();
    private final List<String> products = new CopyOnWriteArrayList<>();
    private final AtomicLong nextProduct = new AtomicLong();

    Preparation(LoadSettings settings) {
        this.settings = settings;
        // HTTP/1.1, as Gatling speaks it: no h2c upgrade offer on a plain connection.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    void run() throws IOException, InterruptedException {
        requireGatewayWithRaisedLimits();
        if (settings.loginUsersPerSec() > 0) {
            registerAccounts();
        }
        if (settings.orderUsersPerSec() > 0) {
            setAsideStock(settings.plannedOrders());
        }
    }

    /** The login scenario's accounts, taking turns; only read once {@link #run} is done. */
    Iterator<Map<String, Object>> accounts() {
        return new Endless(() -> accounts.get((int) (nextAccount.getAndIncrement() % accounts.size())));
    }

    /**
     * One product id per order, each a unit of stock set aside for it. Should the run place more orders
     * than planned, it takes turns over the products instead, and an order that then finds no stock is
     * cancelled and counted as failed, as it should be.
     */
    Iterator<Map<String, Object>> stockUnits() {
        return new Endless(() -> {
            String unit = stockUnits.poll();
            if (unit == null) {
                unit = products.get((int) (nextProduct.getAndIncrement() % products.size()));
            }
            return Map.of("productId", unit);
        });
    }

    private void requireGatewayWithRaisedLimits() throws InterruptedException {
        HttpResponse<String> products;
        try {
            products = send(get("/api/v1/products?size=1"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The gateway at " + settings.baseUrl() + " does not answer (" + e + "). Start the stack"
                            + " with raised rate limits first: " + RAISED_LIMITS + " (see tooling/gatling/README.md).",
                    e);
        }
        if (products.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/products answered " + products.statusCode() + ": "
                    + products.body() + ". Is the whole stack ready? `./bulkhead status` says.");
        }
        var limit = products.headers().firstValue("X-RateLimit-Limit").map(Integer::parseInt);
        if (limit.isPresent() && limit.get() <= DEFAULT_ANONYMOUS_BURST) {
            throw new IllegalStateException("The gateway limits anonymous callers to a burst of " + limit.get()
                    + " requests: its default, meant for people, which would refuse this test with 429s and"
                    + " measure the limiter, not the system. Restart the stack with raised limits: "
                    + RAISED_LIMITS);
        }
    }

    private void registerAccounts() throws IOException, InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        var tokens = new ArrayList<String>();
        for (int i = 0; i < settings.accounts(); i++) {
            String email = "gatling-" + run + "-" + i + "@example.com";
            var registered = send(post(
                    "/api/v1/auth/register",
                    Map.of("email", email, "password", PASSWORD, "name", "Gatling Login " + i)));
            require(registered, 201, "register " + email);
            var login = send(post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD)));
            require(login, 200, "log in " + email);
            tokens.add(json.readTree(login.body()).path("access_token").asText());
            var account = new LinkedHashMap<String, Object>();
            account.put("email", email);
            account.put("password", PASSWORD);
            accounts.add(account);
        }
        // user-service makes each profile from the UserRegistered event: the login scenario's GET
        // /users/me must not race it.
        long deadline = System.nanoTime() + PROFILE_WAIT.toNanos();
        for (String token : tokens) {
            while (true) {
                var me = send(get("/api/v1/users/me").header("Authorization", "Bearer " + token));
                if (me.statusCode() == 200) break;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("user-service has no profile for a new account after "
                            + PROFILE_WAIT + " (GET /api/v1/users/me answered " + me.statusCode() + ": "
                            + me.body() + "): are Kafka and user-service up? `./bulkhead status` says.");
                }
                Thread.sleep(200);
            }
        }
    }

    private void setAsideStock(long orders) throws IOException, InterruptedException {
        var stock = new LinkedHashMap<String, Integer>();
        for (int page = 0; ; page++) {
            var answer = send(get("/api/v1/products?size=" + PAGE_SIZE + "&page=" + page));
            require(answer, 200, "list the catalogue");
            JsonNode items = json.readTree(answer.body()).path("items");
            for (JsonNode item : items) {
                int units = item.path("stock").asInt(0);
                if (units > 0) stock.put(item.path("id").asText(), units);
            }
            if (items.size() < PAGE_SIZE) break;
        }
        long available = stock.values().stream().mapToLong(Integer::longValue).sum();
        if (available < orders) {
            throw new IllegalStateException("The catalogue holds " + available + " units in stock for the "
                    + orders + " orders this run places: restart the stack from the demo catalogue with"
                    + " `./bulkhead up --fresh` (and the raised limits), or lower load.orderUsersPerSec or"
                    + " load.durationSeconds.");
        }
        products.addAll(stock.keySet());
        // Round-robin over the products, one unit at a time: orders spread over many rows instead of
        // queueing on one product's lock.
        for (int round = 0; stockUnits.size() < orders; round++) {
            for (var product : stock.entrySet()) {
                if (product.getValue() > round && stockUnits.size() < orders) {
                    stockUnits.add(product.getKey());
                }
            }
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
    }

    private HttpRequest.Builder post(String path, Object body) throws IOException {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void require(HttpResponse<String> answer, int status, String what) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException("Could not " + what + " while preparing the run: "
                    + answer.request().method() + " " + answer.request().uri() + " answered "
                    + answer.statusCode() + ": " + answer.body());
        }
    }

    /** A feeder that never runs dry: each record comes from {@code next}. */
    private record Endless(Supplier<Map<String, Object>> source) implements Iterator<Map<String, Object>> {

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Map<String, Object> next() {
            return source.get();
        }
    }
}
