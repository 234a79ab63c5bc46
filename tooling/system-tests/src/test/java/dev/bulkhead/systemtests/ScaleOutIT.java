package dev.bulkhead.systemtests;

import static dev.bulkhead.systemtests.OrderSaga.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.state.AdminAccount;
import dev.bulkhead.systemtests.Gateway.User;
import dev.bulkhead.systemtests.NothingLost.Placed;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
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

/**
 * Scale-out under failure: the dev stack with two instances of every domain service
 * ({@code ./bulkhead up --replicas 2}), a few hundred orders placed through the gateway by logged-in
 * users while one instance of each service is killed with SIGKILL in turn, a few seconds apart, and
 * not restarted. A kill -9 is the worst case: no graceful shutdown, no deregistration, in-flight
 * requests, leases, transactions and Kafka partitions simply abandoned.
 *
 * <p><b>Nothing lost</b> means what {@link NothingLost} checks (every POST accepted once, every order
 * ended, stock and money conserved, one notification per outcome), and every GET during the kills was
 * answered 200: reading never notices an instance die.
 *
 * <p>The stack runs without AOT caches (a fresh home has none, and training them would take the CPU
 * the test needs), with a 15 s saga deadline, and with failure detection shortened where its default
 * is tuned for production rather than a test: Kafka's consumer session (10 s, not 45 s) and the
 * payment sweep's lease (10 s, with a 5 s provider timeout to stay below it). The gateway's route
 * breakers count a call as slow after 3 s instead of 1 s: kills are what this test is about, not a
 * machine too busy to answer within a second.
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
    /**
     * 300 orders over ~60 s, the kills (8–28 s) in their first half. At 130 ms (7.7 orders/s) a slower
     * 2-core machine was saturated by the 13 instances alone: POSTs passed the gateway's 1 s slow-call
     * bound and opened the orders breaker, with no instance of order-service dead, which is not what
     * this test is about (RouteResilienceIT proves the slow-call breaker).
     */
    private static final Duration PACE = Duration.ofMillis(200);

    private static final Duration FIRST_KILL = Duration.ofSeconds(8);
    private static final Duration BETWEEN_KILLS = Duration.ofSeconds(4);
    private static final Duration SAGA_DEADLINE = Duration.ofSeconds(15);
    /** After the last POST: the deadline, a sweep, a Kafka rebalance and a payment lease, with room. */
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final String DB_PREFIX = "bk_scale_" + Long.toString(System.currentTimeMillis(), 36) + "_";
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final String PROVIDER_ADMIN = "http://localhost:8090/__admin";

    private static final HttpClient http = OrderLoad.http();

    @TempDir
    static Path home;

    private static LaunchedStack stack;

    private final Gateway gateway = new Gateway("http://localhost:8080", http);
    private final OrderSaga saga = new OrderSaga(gateway);
    private final RetryingClient client = new RetryingClient("http://localhost:8080", http, Duration.ofSeconds(60));
    private NothingLost nothingLost;

    @BeforeAll
    static void startTwoInstancesOfEveryService() throws Exception {
        var environment = new HashMap<String, String>(SagaUnderLoad.ENVIRONMENT);
        environment.put("BULKHEAD_AOT", "off");
        environment.put("BULKHEAD_ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("BULKHEAD_ORDER_SAGA_DEADLINE", SAGA_DEADLINE.toSeconds() + "s");
        environment.putAll(OrderLoad.QUICK_FAILURE_DETECTION);
        // Slow calls are another test's subject (RouteResilienceIT): with 13 instances on 2 cores, the kills
        // and their rebalances once pushed order calls past the production 1 s bound with no instance hung,
        // and the orders breaker opened on 8 slow calls of 20, 0 failed. Here a call is slow after 3 s (the
        // timeout stays 5 s); a 5xx answer counts as a failure as before.
        environment.put("BULKHEAD_GATEWAY_ROUTES_BREAKER_SLOWCALLDURATION", "3s");
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
        nothingLost = new NothingLost(stack, gateway, RECOVERY, PROVIDER_ADMIN, "[scale-out]");
        var admin = gateway.login(AdminAccount.DEFAULT_EMAIL, ADMIN_PASSWORD);
        var products = OrderLoad.catalogue(gateway, admin, "Scale-out item", PRODUCTS, STOCK_EACH);
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

        var bodies = OrderLoad.bodies(20261204L, products, USERS * ORDERS_PER_USER);

        var placed = new CopyOnWriteArrayList<Placed>(settled);
        var reads = new CopyOnWriteArrayList<String>();
        var lowestStock = new AtomicInteger(Integer.MAX_VALUE);
        var reading = new AtomicBoolean(false);
        var done = new AtomicBoolean(false);
        var kills = new ArrayList<String>();
        long start = System.nanoTime();
        try (var posting = Executors.newScheduledThreadPool(24);
                var readers = Executors.newSingleThreadExecutor()) {
            var posts = OrderLoad.post(posting, client, bodies, i -> users.get(i % USERS), PACE, placed);
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

        var ended = nothingLost.verify(placed, products, STOCK_EACH, SAGA_DEADLINE.plus(RECOVERY), start);
        assertThat(ended.outcomes().keySet())
                .as("outcomes %s", ended.outcomes())
                .anyMatch(o -> o.startsWith("CONFIRMED"))
                .anyMatch(o -> o.startsWith("CANCELLED"));

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

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[scale-out] " + format + "%n", args);
    }
}
