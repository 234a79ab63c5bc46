package dev.bulkhead.systemtests;

import static dev.bulkhead.systemtests.OrderSaga.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.state.AdminAccount;
import dev.bulkhead.systemtests.Gateway.User;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;

/**
 * 200 orders at once over 20 products whose stock cannot serve them all, with some declined cards:
 * every order must end, and the saga's invariants must hold exactly — stock conserved and never
 * negative, and money charged minus refunded equal to the totals of the confirmed orders.
 */
final class SagaUnderLoad {

    /**
     * The gateway limits each user to a human's pace; this test is 20 users placing 10 orders each at
     * once and polling them, so the stack it starts allows more. The limiter itself has its own tests.
     */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "BULKHEAD_GATEWAY_RATELIMIT_USER_REPLENISH", "500",
            "BULKHEAD_GATEWAY_RATELIMIT_USER_BURST", "1000",
            "BULKHEAD_GATEWAY_RATELIMIT_ANONYMOUS_REPLENISH", "500",
            "BULKHEAD_GATEWAY_RATELIMIT_ANONYMOUS_BURST", "1000",
            "BULKHEAD_GATEWAY_RATELIMIT_LOGIN_PERIP", "1000",
            "BULKHEAD_GATEWAY_RATELIMIT_LOGIN_PERACCOUNT", "100");

    private static final int PRODUCTS = 20;
    private static final int STOCK_EACH = 6; // 120 units for ~300 wanted: most products sell out
    private static final int USERS = 20;
    private static final int ORDERS_PER_USER = 10;
    private static final Duration ALL_TERMINAL = Duration.ofSeconds(60);

    private final Gateway gateway;
    private final OrderSaga saga;
    private final String adminPassword;

    SagaUnderLoad(Gateway gateway, OrderSaga saga, String adminPassword) {
        this.gateway = gateway;
        this.saga = saga;
        this.adminPassword = adminPassword;
    }

    void endsEveryOrderAndKeepsTheInvariants() throws Exception {
        var admin = gateway.login(AdminAccount.DEFAULT_EMAIL, adminPassword);
        var products = new ArrayList<String>();
        for (int i = 0; i < PRODUCTS; i++) {
            var created = gateway.post(
                            "/api/v1/products",
                            admin,
                            Map.of(
                                    "name",
                                    "Scarce item " + i,
                                    "description",
                                    "Made for the load test",
                                    "price",
                                    Map.of("amount", (5 + i) + ".50", "currency", "EUR"),
                                    "stock",
                                    STOCK_EACH),
                            Map.of())
                    .expect(201);
            products.add(created.json().path("id").asString());
        }
        var users = new ArrayList<User>();
        for (int i = 0; i < USERS; i++) users.add(gateway.newUser("Load User " + i));

        var random = new Random(20261123L); // seeded: a failure can be replayed
        var placing = new ArrayList<Callable<Placed>>();
        for (User user : users) {
            for (int n = 0; n < ORDERS_PER_USER; n++) {
                var lines = new ArrayList<Object>();
                int first = random.nextInt(PRODUCTS);
                lines.add(products.get(first));
                lines.add(1 + random.nextInt(2));
                if (random.nextBoolean()) {
                    lines.add(products.get((first + 1 + random.nextInt(PRODUCTS - 1)) % PRODUCTS));
                    lines.add(1 + random.nextInt(2));
                }
                String token = random.nextInt(10) == 0 ? "tok_declined" : "tok_ok";
                var body = order(token, lines.toArray());
                placing.add(() -> new Placed(
                        user,
                        saga.place(user, body).expect(202).json().path("id").asString()));
            }
        }
        long start = System.nanoTime();
        List<Placed> placed = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(50)) {
            for (Future<Placed> future : pool.invokeAll(placing)) placed.add(future.get());
        }
        var finals = awaitAllTerminal(placed, products, start);
        double seconds = (System.nanoTime() - start) / 1e9;

        var sold = new HashMap<String, Integer>();
        BigDecimal confirmedTotals = BigDecimal.ZERO;
        BigDecimal netCharged = BigDecimal.ZERO;
        var outcomes = new HashMap<String, Integer>();
        for (var order : placed) {
            JsonNode result = finals.get(order.id());
            String status = result.path("status").asString();
            outcomes.merge(status + " " + result.path("cancellationReason").asString(""), 1, Integer::sum);
            BigDecimal charged = saga.netCharged(order.user(), order.id());
            netCharged = netCharged.add(charged);
            if ("CONFIRMED".equals(status)) {
                confirmedTotals = confirmedTotals.add(OrderSaga.total(result));
                assertThat(charged)
                        .as("net charge of confirmed order %s", order.id())
                        .isEqualByComparingTo(OrderSaga.total(result));
                for (JsonNode line : result.path("items")) {
                    sold.merge(
                            line.path("productId").asString(),
                            line.path("quantity").asInt(),
                            Integer::sum);
                }
            } else {
                assertThat(charged)
                        .as("net charge of cancelled order %s", order.id())
                        .isZero();
            }
        }
        for (String product : products) {
            int expected = STOCK_EACH - sold.getOrDefault(product, 0);
            assertThat(expected)
                    .as("sold no more than there was of %s", product)
                    .isNotNegative();
            saga.awaitStock(product, expected); // releases of cancelled orders may still be arriving
        }
        assertThat(netCharged).as("Σ(charged − refunded)").isEqualByComparingTo(confirmedTotals);
        // ~300 units wanted of 120: some orders must sell, and some must find their stock gone.
        assertThat(outcomes.keySet())
                .as("outcomes %s", outcomes)
                .anyMatch(o -> o.startsWith("CONFIRMED"))
                .anyMatch(o -> o.equals("CANCELLED OUT_OF_STOCK"));
        System.out.printf(
                Locale.ROOT,
                "[saga under load] %d orders over %d products (stock %d each) ended in %.1f s: %s; charged %s EUR net%n",
                placed.size(),
                PRODUCTS,
                STOCK_EACH,
                seconds,
                outcomes,
                netCharged);
    }

    /** Places {@code count} approved orders, four at a time, and prints the time from POST to CONFIRMED. */
    void measuresTimeToConfirmed(int count) throws Exception {
        var admin = gateway.login(AdminAccount.DEFAULT_EMAIL, adminPassword);
        String product = gateway.post(
                        "/api/v1/products",
                        admin,
                        Map.of(
                                "name",
                                "Stopwatch",
                                "price",
                                Map.of("amount", "1.00", "currency", "EUR"),
                                "stock",
                                count),
                        Map.of())
                .expect(201)
                .json()
                .path("id")
                .asString();
        var user = gateway.newUser("Stopwatch");
        var tasks = new ArrayList<Callable<double[]>>();
        for (int i = 0; i < count; i++) {
            tasks.add(() -> {
                long posted = System.nanoTime();
                String id = saga.place(user, order("tok_ok", product, 1))
                        .expect(202)
                        .json()
                        .path("id")
                        .asString();
                JsonNode order = awaitConfirmedPollingFast(user, id);
                double client = (System.nanoTime() - posted) / 1e6;
                return new double[] {client, serverSideMillis(order)};
            });
        }
        var client = new ArrayList<Double>();
        var server = new ArrayList<Double>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (Future<double[]> future : pool.invokeAll(tasks)) {
                client.add(future.get()[0]);
                server.add(future.get()[1]);
            }
        }
        client.sort(null);
        server.sort(null);
        System.out.printf(
                Locale.ROOT,
                "[saga latency] POST to CONFIRMED over %d orders, 4 in flight, seen by the client (POST sent until a GET"
                        + " every 10 ms shows CONFIRMED): median %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                count,
                percentile(client, 50),
                percentile(client, 90),
                percentile(client, 99),
                client.getLast());
        System.out.printf(
                Locale.ROOT,
                "[saga latency] the same orders by their timeline (ORDER_PLACED to the charge that confirmed them):"
                        + " median %.0f ms, p99 %.0f ms%n",
                percentile(server, 50),
                percentile(server, 99));
        assertThat(client).as("every order was confirmed").hasSize(count);
    }

    /** Polls faster than {@link OrderSaga#awaitTerminal}, so the figure is the saga's, not the poll's. */
    private JsonNode awaitConfirmedPollingFast(User user, String orderId) throws Exception {
        long deadline = System.nanoTime() + ALL_TERMINAL.toNanos();
        while (true) {
            var answer = gateway.get("/api/v1/orders/" + orderId, user).expect(200);
            String status = answer.json().path("status").asString();
            if (!"PENDING".equals(status)) {
                assertThat(status).as("order %s", orderId).isEqualTo("CONFIRMED");
                return answer.json();
            }
            assertThat(System.nanoTime()).as("order %s still PENDING", orderId).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Placed → confirmed as the order service recorded it, so the client's polling does not count. */
    private static double serverSideMillis(JsonNode order) {
        Instant placed = null;
        Instant confirmed = null;
        for (JsonNode step : order.path("timeline")) {
            String name = step.path("step").asString();
            if (name.equals("ORDER_PLACED"))
                placed = Instant.parse(step.path("at").asString());
            if (name.equals("CONFIRMED"))
                confirmed = Instant.parse(step.path("at").asString());
        }
        if (placed == null || confirmed == null) return -1;
        return Duration.between(placed, confirmed).toNanos() / 1e6;
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Polls every order until it ends; meanwhile the stock shown must never be negative. */
    private Map<String, JsonNode> awaitAllTerminal(List<Placed> placed, List<String> products, long start)
            throws Exception {
        var finals = new ConcurrentHashMap<String, JsonNode>();
        long deadline = start + ALL_TERMINAL.toNanos();
        while (finals.size() < placed.size()) {
            for (String product : products) {
                assertThat(saga.stock(product))
                        .as("stock of %s while orders run", product)
                        .isNotNegative();
            }
            for (var order : placed) {
                if (finals.containsKey(order.id())) continue;
                var answer = gateway.get("/api/v1/orders/" + order.id(), order.user())
                        .expect(200);
                if (!"PENDING".equals(answer.json().path("status").asString())) {
                    finals.put(order.id(), answer.json());
                }
            }
            if (finals.size() < placed.size()) {
                assertThat(System.nanoTime())
                        .as(
                                "%d of %d orders still PENDING %s after the first POST",
                                placed.size() - finals.size(), placed.size(), ALL_TERMINAL)
                        .isLessThan(deadline);
                Thread.sleep(250);
            }
        }
        return finals;
    }

    private record Placed(User user, String id) {}
}
