package dev.bulkhead.systemtests;

import static dev.bulkhead.systemtests.OrderSaga.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.state.AdminAccount;
import dev.bulkhead.systemtests.Gateway.User;
import dev.bulkhead.systemtests.RetryingClient.Attempts;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Scale-out under failure: the dev stack with two instances of every domain service
 * ({@code ./bulkhead up --replicas 2}), a few hundred orders placed through the gateway by logged-in
 * users while one instance of each service is killed with SIGKILL in turn, a few seconds apart, and
 * not restarted. A kill -9 is the worst case: no graceful shutdown, no deregistration, in-flight
 * requests, leases, transactions and Kafka partitions simply abandoned.
 *
 * <p><b>Nothing lost</b> means, for every order a user tried to place:
 *
 * <ul>
 *   <li>the POST was accepted, on its first attempt or on a retry with the same Idempotency-Key after
 *       a retryable answer (502, 503, 504, 429 or a broken connection) — never refused otherwise, and
 *       never placed twice;
 *   <li>the order ended, CONFIRMED or CANCELLED, within the saga deadline plus a recovery allowance
 *       after the last POST;
 *   <li>stock is conserved per product: available + reserved + sold = the initial stock, nothing stays
 *       reserved, sold equals what the confirmed orders hold, and stock was never seen negative;
 *   <li>money is conserved: Σ charged − Σ refunded = Σ totals of the confirmed orders, in
 *       payment-service's database and in the payment provider's journal alike, every confirmed order
 *       charged its total, every cancelled one not at all (or refunded); the provider saw at most one
 *       charge per order (one Idempotency-Key: repeats of it are the same charge);
 *   <li>each user got exactly one notification per order outcome, none twice;
 *   <li>and every GET during the kills was answered 200: reading never notices an instance die.
 * </ul>
 *
 * <p>The stack runs without AOT caches (a fresh home has none, and training them would take the CPU
 * the test needs), with a 15 s saga deadline, and with failure detection shortened where its default
 * is tuned for production rather than a test: Kafka's consumer session (10 s, not 45 s) and the
 * payment sweep's lease (10 s, with a 5 s provider timeout to stay below it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final int REPLICAS = 2;
    private static final List<Integer> APP_PORTS = Stream.concat(
                    IntStream.rangeClosed(8080, 8086).boxed(),
                    IntStream.rangeClosed(9081, 9086).boxed())
            .toList();
    /** One instance of each service, first or second alternately: neither may be special. */
    private static final List<String> KILLED =
            List.of("auth", "user-2", "order", "payment-2", "inventory", "notification-2");

    private static final int USERS = 20;
    private static final int ORDERS_PER_USER = 15;
    private static final int PRODUCTS = 30;
    private static final int STOCK_EACH = 20; // 600 units for ~650 wanted: most orders sell, some find it gone
    private static final Duration PACE = Duration.ofMillis(130); // 300 orders over ~40 s, the kills in the middle
    private static final Duration FIRST_KILL = Duration.ofSeconds(8);
    private static final Duration BETWEEN_KILLS = Duration.ofSeconds(4);
    private static final Duration SAGA_DEADLINE = Duration.ofSeconds(15);
    /** After the last POST: the deadline, a sweep, a Kafka rebalance and a payment lease, with room. */
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final String DB_PREFIX = "bk_scale_" + Long.toString(System.currentTimeMillis(), 36) + "_";
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final String PROVIDER_ADMIN = "http://localhost:8090/__admin";

    private static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @TempDir
    static Path home;

    private static LaunchedStack stack;

    private final Gateway gateway = new Gateway("http://localhost:8080", http);
    private final OrderSaga saga = new OrderSaga(gateway);
    private final RetryingClient client = new RetryingClient("http://localhost:8080", http, Duration.ofSeconds(60));

    @BeforeAll
    static void startTwoInstancesOfEveryService() throws Exception {
        var environment = new HashMap<String, String>(SagaUnderLoad.ENVIRONMENT);
        environment.put("BULKHEAD_AOT", "off");
        environment.put("BULKHEAD_ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("BULKHEAD_ORDER_SAGA_DEADLINE", SAGA_DEADLINE.toSeconds() + "s");
        // A killed consumer's partitions move to the survivor after the session times out: 10 s, not 45 s.
        environment.put("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", "10000");
        // A charge whose instance died is taken over once its lease is stale; the lease outlasts a call.
        environment.put("BULKHEAD_PAYMENT_CHARGES_STALEAFTER", "10s");
        environment.put("BULKHEAD_PAYMENT_CHARGES_SWEEPINTERVAL", "2s");
        environment.put(
                "SPRING_APPLICATION_JSON",
                "{\"spring.cloud.openfeign.client.config.payment-provider.read-timeout\": 5000}");
        long started = System.nanoTime();
        stack = LaunchedStack.start(
                home,
                Path.of("target", "scaleout-logs"),
                DB_PREFIX,
                List.of("--replicas", Integer.toString(REPLICAS)),
                APP_PORTS,
                environment,
                READY_TIMEOUT);
        say("%d instances ready in %.1f s", APP_PORTS.size(), (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    void stopTheStack() throws Exception {
        // The killed instances are gone; the gateway, one instance of each service, Kafka and the provider are not.
        if (stack != null) stack.stopAndCheckNothingSurvives(9);
    }

    @Test
    @Order(1)
    void runsEveryDomainServiceTwiceOnItsOwnPortsSharingItsDatabase() throws Exception {
        var status = new ProcessBuilder(LaunchedStack.ROOT.resolve("bulkhead").toString(), "status")
                .directory(LaunchedStack.ROOT.toFile())
                .redirectErrorStream(true);
        status.environment().put("BULKHEAD_HOME", home.resolve("stack").toString());
        var listing = status.start();
        String table = new String(listing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(listing.waitFor()).as(table).isZero();
        for (var service : List.of("auth", "user", "order", "payment", "inventory", "notification")) {
            for (var name : List.of(service, service + "-2")) {
                assertThat(table.lines())
                        .as("./bulkhead status lists %s with its pid, UP:%n%s", name, table)
                        .anyMatch(line -> line.matches(name + " +\\d+ +\\d+ +UP .*"));
            }
        }

        // Registered at one auth instance, the account logs in at the other; a product created at one
        // inventory instance is read from the other: the instances of a service are one service.
        var ada = new Gateway("http://localhost:8081", http).newUser("Ada Twice");
        var again = new Gateway("http://localhost:9081", http).login(ada.email(), "correct-horse-battery");
        assertThat(again.id()).isEqualTo(ada.id());
        var admin = new Gateway("http://localhost:9081", http).login(AdminAccount.DEFAULT_EMAIL, ADMIN_PASSWORD);
        String product = new Gateway("http://localhost:8085", http)
                .post(
                        "/api/v1/products",
                        admin,
                        Map.of("name", "Made once", "price", Map.of("amount", "1.00", "currency", "EUR"), "stock", 1),
                        Map.of())
                .expect(201)
                .json()
                .path("id")
                .asString();
        assertThat(new Gateway("http://localhost:9085", http)
                        .get("/api/v1/products/" + product, null)
                        .expect(200)
                        .json()
                        .path("name")
                        .asString())
                .isEqualTo("Made once");
    }

    @Test
    @Order(2)
    void losesNothingWhileOneInstanceOfEachServiceIsKilledUnderLoad() throws Exception {
        var admin = gateway.login(AdminAccount.DEFAULT_EMAIL, ADMIN_PASSWORD);
        var products = new ArrayList<String>();
        var prices = new HashMap<String, BigDecimal>();
        for (int i = 0; i < PRODUCTS; i++) {
            var price = new BigDecimal((3 + i) + ".25");
            var created = gateway.post(
                            "/api/v1/products",
                            admin,
                            Map.of(
                                    "name",
                                    "Scale-out item " + i,
                                    "price",
                                    Map.of("amount", price.toPlainString(), "currency", "EUR"),
                                    "stock",
                                    STOCK_EACH),
                            Map.of())
                    .expect(201);
            products.add(created.json().path("id").asString());
            prices.put(products.getLast(), price);
        }
        var users = new ArrayList<User>();
        for (int i = 0; i < USERS; i++) users.add(gateway.newUser("Scale User " + i));

        // Orders settled before the kills: their payments are what the GETs during the kills read.
        var settled = new ArrayList<Placed>();
        for (int i = 0; i < 3; i++) {
            var user = users.get(i);
            String key = UUID.randomUUID().toString();
            var placed = client.post("/api/v1/orders", user.accessToken(), order("tok_ok", products.get(i), 1), key);
            assertThat(placed.finalStatus()).as(placed.body()).isEqualTo(202);
            String id = placed.json().path("id").asString();
            saga.awaitTerminal(user, id);
            saga.settledPayments(user, id);
            settled.add(new Placed(user, key, placed, id));
        }

        var random = new Random(20261204L); // seeded: a failure can be replayed
        var bodies = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < USERS * ORDERS_PER_USER; i++) {
            int first = random.nextInt(PRODUCTS);
            var lines = new ArrayList<Object>(List.of(products.get(first), 1 + random.nextInt(2)));
            if (random.nextBoolean()) {
                lines.add(products.get((first + 1 + random.nextInt(PRODUCTS - 1)) % PRODUCTS));
                lines.add(1 + random.nextInt(2));
            }
            bodies.add(order(random.nextInt(10) == 0 ? "tok_declined" : "tok_ok", lines.toArray()));
        }

        var placed = new CopyOnWriteArrayList<Placed>(settled);
        var reads = new CopyOnWriteArrayList<String>();
        var lowestStock = new AtomicInteger(Integer.MAX_VALUE);
        var reading = new AtomicBoolean(false);
        var done = new AtomicBoolean(false);
        var kills = new ArrayList<String>();
        long start = System.nanoTime();
        try (var posting = Executors.newScheduledThreadPool(24);
                var readers = Executors.newSingleThreadExecutor()) {
            var posts = new ArrayList<Future<?>>();
            for (int i = 0; i < bodies.size(); i++) {
                var user = users.get(i % USERS);
                var body = bodies.get(i);
                posts.add(posting.schedule(
                        () -> {
                            String key = UUID.randomUUID().toString();
                            var attempts = client.post("/api/v1/orders", user.accessToken(), body, key);
                            placed.add(new Placed(
                                    user,
                                    key,
                                    attempts,
                                    attempts.accepted()
                                            ? attempts.json().path("id").asString()
                                            : null));
                            return null;
                        },
                        i * PACE.toMillis(),
                        TimeUnit.MILLISECONDS));
            }
            var reader = readers.submit(() -> {
                int n = 0;
                while (!done.get()) {
                    if (reading.get()) {
                        reads.add(readOnce(n++, products, users, settled, lowestStock));
                    }
                    Thread.sleep(50);
                }
                return null;
            });

            Thread.sleep(FIRST_KILL.toMillis());
            reading.set(true);
            for (String name : KILLED) {
                var process = stack.instance(name);
                assertThat(process).as("%s runs before it is killed", name).isPresent();
                process.get().destroyForcibly(); // SIGKILL
                kills.add(String.format(Locale.ROOT, "%s at %.1f s", name, (System.nanoTime() - start) / 1e9));
                Thread.sleep(BETWEEN_KILLS.toMillis());
            }
            reading.set(false);
            for (var post : posts) post.get();
            done.set(true);
            reader.get();
        }
        double postingSeconds = (System.nanoTime() - start) / 1e9;

        var retried = placed.stream().filter(p -> p.attempts().retried()).toList();
        var retriedAnswers = new TreeMap<String, Integer>();
        retried.forEach(p -> p.attempts()
                .answers()
                .subList(0, p.attempts().answers().size() - 1)
                .forEach(a -> retriedAnswers.merge(a, 1, Integer::sum)));
        say("killed %s", kills);
        say(
                "%d orders (%d users, %d products x %d) posted in %.1f s; %d POSTs retried with their Idempotency-Key"
                        + " after %s",
                placed.size(), USERS, PRODUCTS, STOCK_EACH, postingSeconds, retried.size(), retriedAnswers);
        var failedReads = reads.stream().filter(r -> !r.startsWith("200 ")).toList();
        say(
                "%d GETs during the kills, %d not 200 %s; lowest stock seen %d",
                reads.size(), failedReads.size(), failedReads.stream().limit(5).toList(), lowestStock.get());

        // Every POST accepted, first time or after retryable answers only; none placed twice.
        var refused = placed.stream()
                .filter(p -> !p.attempts().accepted() || !p.attempts().onlyRetryableBeforeTheLast())
                .map(p -> p.attempts().answers() + " " + p.attempts().body())
                .toList();
        assertThat(refused)
                .as("POSTs not accepted, or refused with a status no retry can resolve")
                .isEmpty();
        assertThat(placed.stream().map(Placed::id).distinct().count())
                .as("distinct orders for distinct Idempotency-Keys")
                .isEqualTo(placed.size());
        try (Connection db = stack.database("orders");
                var statement = db.createStatement();
                var rows = statement.executeQuery("select count(*) from orders")) {
            rows.next();
            assertThat(rows.getLong(1))
                    .as("orders in order-service's database: one per accepted POST, a retry placing none")
                    .isEqualTo(placed.size());
        }

        // Every order terminal within the deadline and the recovery allowance.
        var finals = awaitAllTerminal(placed, SAGA_DEADLINE.plus(RECOVERY));
        double terminalSeconds = (System.nanoTime() - start) / 1e9;
        var outcomes = new TreeMap<String, Integer>();
        var sold = new HashMap<String, Integer>();
        long confirmedMinor = 0;
        var confirmed = new HashSet<String>();
        for (var p : placed) {
            var order = finals.get(p.id());
            String status = order.path("status").asString();
            outcomes.merge(status + " " + order.path("cancellationReason").asString(""), 1, Integer::sum);
            if ("CONFIRMED".equals(status)) {
                confirmed.add(p.id());
                confirmedMinor += minor(OrderSaga.total(order));
                for (JsonNode line : order.path("items")) {
                    sold.merge(
                            line.path("productId").asString(),
                            line.path("quantity").asInt(),
                            Integer::sum);
                }
            }
        }
        say("all orders terminal %.1f s after the first POST: %s", terminalSeconds, outcomes);
        assertThat(outcomes.keySet())
                .as("outcomes %s", outcomes)
                .anyMatch(o -> o.startsWith("CONFIRMED"))
                .anyMatch(o -> o.startsWith("CANCELLED"));

        var stock = awaitStockSettled(products);
        say(
                "stock: %d units sold of %d, 0 reserved",
                stock.values().stream().mapToInt(Stock::sold).sum(), PRODUCTS * STOCK_EACH);
        for (String product : products) {
            var row = stock.get(product);
            int soldByOrders = sold.getOrDefault(product, 0);
            assertThat(row.available() + row.reserved() + row.sold())
                    .as("available + reserved + sold of %s (%s)", product, row)
                    .isEqualTo(STOCK_EACH);
            assertThat(row.sold())
                    .as("sold of %s against the confirmed orders", product)
                    .isEqualTo(soldByOrders);
            assertThat(row.available()).as("available of %s", product).isNotNegative();
        }

        var money = awaitPaymentsSettled(placed, confirmed, finals);
        var journal = ProviderJournal.read();
        say(
                "money: %s EUR net in payment-service, %s EUR net at the provider, %s EUR of confirmed orders;"
                        + " provider: %d charge and %d refund requests, %d of them repeats of a key",
                BigDecimal.valueOf(money.netMinor(), 2),
                BigDecimal.valueOf(journal.netMinor(), 2),
                BigDecimal.valueOf(confirmedMinor, 2),
                journal.charges(),
                journal.refunds(),
                journal.repeats());
        assertThat(money.netMinor())
                .as("Σ charged − Σ refunded in payment-service")
                .isEqualTo(confirmedMinor);

        assertThat(journal.keysPerOrder().entrySet())
                .as("charges per order the provider saw (Idempotency-Keys; a repeat of one is the same charge)")
                .allMatch(e -> e.getValue().size() == 1 && e.getValue().contains(e.getKey()));
        assertThat(journal.netMinor())
                .as("Σ charged − Σ refunded at the provider")
                .isEqualTo(confirmedMinor);

        var notifications = awaitNotifications(placed, finals);

        say("notifications: %d recorded, one per order outcome, none twice for a (user, kind, order)", notifications);

        // Every GET during the kills answered 200: last, so a red run has checked the orders' invariants first.
        assertThat(reads).as("GETs issued during the kills").hasSizeGreaterThan(50);
        assertThat(failedReads).as("GETs during the kills not answered 200").isEmpty();
        assertThat(lowestStock.get()).as("lowest stock seen during the kills").isNotNegative();
    }

    /** One GET, each time of another service: "200 path" or "status path body". */
    private String readOnce(
            int n, List<String> products, List<User> users, List<Placed> settled, AtomicInteger lowestStock)
            throws Exception {
        var user = users.get(n % users.size());
        var order = settled.get(n % settled.size());
        String path;
        String token = user.accessToken();
        switch (n % 6) {
            case 0 -> {
                path = "/api/v1/products/" + products.get(n % products.size());
                token = null;
            }
            case 1 -> {
                path = "/api/v1/orders/" + order.id();
                token = order.user().accessToken();
            }
            case 2 -> {
                path = "/api/v1/payments?orderId=" + order.id();
                token = order.user().accessToken();
            }
            case 3 -> path = "/api/v1/users/me";
            case 4 -> path = "/api/v1/notifications";
            default -> {
                path = "/.well-known/jwks.json";
                token = null;
            }
        }
        var answer = client.get(path, token);
        if (answer.finalStatus() == 200 && path.startsWith("/api/v1/products/")) {
            lowestStock.accumulateAndGet(answer.json().path("stock").asInt(), Math::min);
        }
        return answer.finalStatus() == 200
                ? "200 " + path
                : answer.answers() + " " + path + " "
                        + answer.body().lines().findFirst().orElse("");
    }

    private Map<String, JsonNode> awaitAllTerminal(List<Placed> placed, Duration within) throws Exception {
        var finals = new ConcurrentHashMap<String, JsonNode>();
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (var p : placed) {
                if (finals.containsKey(p.id())) continue;
                var answer = gateway.get("/api/v1/orders/" + p.id(), p.user());
                if (answer.status() == 200
                        && !"PENDING".equals(answer.json().path("status").asString())) {
                    finals.put(p.id(), answer.json());
                }
            }
            if (finals.size() == placed.size()) return finals;
            assertThat(System.nanoTime())
                    .as(
                            "%d of %d orders still not terminal %s after the last POST",
                            placed.size() - finals.size(), placed.size(), within)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private record Stock(int available, int reserved, int sold) {}

    /** inventory-service's own rows, once nothing is reserved any more (releases may still be arriving). */
    private Map<String, Stock> awaitStockSettled(List<String> products) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            var stock = new HashMap<String, Stock>();
            try (Connection db = stack.database("inventory");
                    var query = db.prepareStatement("""
                            select p.id::text, p.stock, p.reserved,
                                   coalesce((select sum(l.quantity) from reservation_line l
                                             join reservation r on r.order_id = l.order_id
                                             where l.product_id = p.id and r.status = 'COMMITTED'), 0)
                            from product p where p.id = any (?::uuid[])""")) {
                query.setArray(1, db.createArrayOf("text", products.toArray()));
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        stock.put(rows.getString(1), new Stock(rows.getInt(2), rows.getInt(3), rows.getInt(4)));
                    }
                }
            }
            assertThat(stock).as("products in inventory's database").hasSize(products.size());
            if (stock.values().stream().allMatch(s -> s.reserved() == 0)) return stock;
            assertThat(System.nanoTime())
                    .as("stock still reserved %s after every order ended: %s", RECOVERY, stock)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private record Money(long netMinor) {}

    /**
     * payment-service's rows once none is in flight: a confirmed order's payment CHARGED with its total, a
     * cancelled one's never CHARGED (declined, cancelled, or charged and REFUNDED).
     */
    private Money awaitPaymentsSettled(List<Placed> placed, Set<String> confirmed, Map<String, JsonNode> finals)
            throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        var ids = placed.stream().map(Placed::id).toArray();
        while (true) {
            var payments = new HashMap<String, String>();
            var amounts = new HashMap<String, Long>();
            try (Connection db = stack.database("payments");
                    var query =
                            db.prepareStatement("select order_id::text, status, coalesce(amount_minor, 0) from payment"
                                    + " where order_id = any (?::uuid[])")) {
                query.setArray(1, db.createArrayOf("text", ids));
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        payments.put(rows.getString(1), rows.getString(2));
                        amounts.put(rows.getString(1), rows.getLong(3));
                    }
                }
            }
            var inFlight = payments.entrySet().stream()
                    .filter(e -> List.of("CHARGE_REQUESTED", "REFUND_REQUESTED").contains(e.getValue())
                            || (confirmed.contains(e.getKey()) && !"CHARGED".equals(e.getValue()))
                            || (!confirmed.contains(e.getKey()) && "CHARGED".equals(e.getValue())))
                    .toList();
            boolean allConfirmedKnown = confirmed.stream().allMatch(payments::containsKey);
            if (inFlight.isEmpty() && allConfirmedKnown) {
                long net = 0;
                for (var e : payments.entrySet()) {
                    if (!"CHARGED".equals(e.getValue())) continue;
                    long total = minor(OrderSaga.total(finals.get(e.getKey())));
                    assertThat(amounts.get(e.getKey()))
                            .as("charge of confirmed order %s", e.getKey())
                            .isEqualTo(total);
                    net += amounts.get(e.getKey());
                }
                return new Money(net);
            }
            assertThat(System.nanoTime())
                    .as("payments not settled %s after every order ended: %s", RECOVERY, inFlight)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** Awaits one outcome notification per order, then checks that none was recorded twice; returns how many. */
    private int awaitNotifications(List<Placed> placed, Map<String, JsonNode> finals) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        var wanted = new HashMap<String, String>();
        for (var p : placed) {
            wanted.put(
                    p.id(),
                    "CONFIRMED".equals(finals.get(p.id()).path("status").asString())
                            ? "ORDER_CONFIRMED"
                            : "ORDER_CANCELLED");
        }
        while (true) {
            var seen = new HashMap<String, String>();
            var twice = new ArrayList<String>();
            int total = 0;
            try (Connection db = stack.database("notifications");
                    var statement = db.createStatement();
                    var rows = statement.executeQuery("""
                            select user_id::text, kind,
                                   substring(body from '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),
                                   count(*)
                            from notification group by 1, 2, 3""")) {
                while (rows.next()) {
                    total += rows.getInt(4);
                    if (rows.getInt(4) > 1) {
                        twice.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3) + " ×"
                                + rows.getInt(4));
                    }
                    if (rows.getString(3) != null && !"PAYMENT_REFUNDED".equals(rows.getString(2))) {
                        seen.put(rows.getString(3), rows.getString(2));
                    }
                }
            }
            assertThat(twice)
                    .as("notifications recorded twice for one (user, kind, order)")
                    .isEmpty();
            var missing = wanted.entrySet().stream()
                    .filter(e -> !e.getValue().equals(seen.get(e.getKey())))
                    .map(e -> e.getKey() + " " + e.getValue())
                    .toList();
            if (missing.isEmpty()) return total;
            assertThat(System.nanoTime())
                    .as(
                            "%d orders without their notification %s after they ended: %s",
                            missing.size(), RECOVERY, missing)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[scale-out] " + format + "%n", args);
    }

    private static long minor(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    private record Placed(User user, String key, Attempts attempts, String id) {}

    /** What the payment provider's request journal (WireMock's admin API) says was charged and refunded. */
    private record ProviderJournal(
            Map<String, Set<String>> keysPerOrder, long netMinor, int charges, int refunds, int repeats) {

        static ProviderJournal read() throws Exception {
            var answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(PROVIDER_ADMIN + "/requests?limit=10000"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            var keysPerOrder = new HashMap<String, Set<String>>();
            var refundKeys = new HashSet<String>();
            var charged = new HashMap<String, Long>();
            var refunded = new HashMap<String, Long>();
            int charges = 0;
            int refunds = 0;
            for (JsonNode entry : Gateway.JSON.readTree(answer.body()).path("requests")) {
                var request = entry.path("request");
                if (!"POST".equals(request.path("method").asString())) continue;
                String url = request.path("url").asString();
                int status = entry.path("response")
                        .path("status")
                        .asInt(entry.path("responseDefinition").path("status").asInt());
                var body = Gateway.JSON.readTree(request.path("body").asString());
                String reference = body.path("reference").asString();
                String key = header(request, "Idempotency-Key");
                if (url.startsWith("/v1/charges")) {
                    charges++;
                    keysPerOrder
                            .computeIfAbsent(reference, r -> new HashSet<>())
                            .add(key);
                    if (status == 201) charged.put(key, body.path("amountMinor").asLong());
                } else if (url.startsWith("/v1/refunds")) {
                    refunds++;
                    refundKeys.add(key);
                    if (status == 201)
                        refunded.put(key, body.path("amountMinor").asLong());
                }
            }
            long net = charged.values().stream().mapToLong(Long::longValue).sum()
                    - refunded.values().stream().mapToLong(Long::longValue).sum();
            int chargeKeys = keysPerOrder.values().stream().mapToInt(Set::size).sum();
            int repeats = charges - chargeKeys + refunds - refundKeys.size();
            return new ProviderJournal(keysPerOrder, net, charges, refunds, repeats);
        }

        private static String header(JsonNode request, String name) {
            var headers = request.path("headers");
            for (var field : headers.properties()) {
                if (field.getKey().equalsIgnoreCase(name)) {
                    var value = field.getValue();
                    return value.isArray() ? value.get(0).asString() : value.asString();
                }
            }
            return "";
        }
    }
}
