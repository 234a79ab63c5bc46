package dev.bulkhead.systemtests;

import static dev.bulkhead.systemtests.OrderSaga.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.state.AdminAccount;
import dev.bulkhead.localservers.LocalPorts;
import dev.bulkhead.systemtests.Gateway.User;
import dev.bulkhead.systemtests.NothingLost.Placed;
import dev.bulkhead.systemtests.NothingLost.Stock;
import dev.bulkhead.systemtests.RetryingClient.Attempts;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 * Chaos on the whole stack: orders, logins and bad input driven through the gateway while faults are
 * injected on a schedule into the services and into the infrastructure under them — a Postgres, a
 * Kafka broker and a Redis of the run's own (never the machine's shared servers), the payment
 * provider, and instances killed with SIGKILL or stopped with SIGTERM mid-batch. Order- and
 * payment-service run as two instances each, so a killed one has a survivor.
 *
 * <p><b>Nothing lost</b> means, besides what {@link NothingLost} checks once the run has settled
 * (every order accepted once and ended, stock and money conserved in the services and at the provider,
 * one notification per outcome):
 *
 * <ul>
 *   <li>the invariants of {@link LiveInvariants} held at every check, once a second, during the faults;
 *   <li>every login succeeded, at once or after retryable answers only;
 *   <li>every bad input was a 400 and created nothing (the order count above is exact);
 *   <li>no event went to a dead-letter topic: a good event parked there is an effect lost;
 *   <li>and, delivered again from offset 0 to every consumer group, the events change nothing.
 * </ul>
 *
 * <p>{@code ./mvnw verify} runs the short schedule (about two minutes of faults); {@code -Pchaos-long}
 * runs the long one: every service twice, every service's second instance killed, the broker down a
 * minute, faults together. Every port of the run is its own (the applications 100 up from the dev
 * stack's, the infrastructure on free ports), so it runs beside a developer's {@code ./bulkhead up}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    private static final boolean LONG = "long".equals(System.getProperty("bulkhead.chaos.schedule", "short"));
    private static final List<String> REPLICAS =
            LONG ? List.of("--replicas", "2") : List.of("--replicas", "order=2,payment=2");
    /** Every port 100 up (BULKHEAD_PORT_OFFSET): the run goes on beside a developer's own dev stack. */
    private static final int OFFSET = 100;

    private static final List<Integer> APP_PORTS = Stream.concat(
                    IntStream.rangeClosed(8080, 8086).boxed(),
                    LONG ? IntStream.rangeClosed(9081, 9086).boxed() : Stream.of(9083, 9084))
            .map(port -> port + OFFSET)
            .toList();
    private static final String GATEWAY = "http://localhost:" + (8080 + OFFSET);
    private static final int PROVIDER_PORT = 8090 + OFFSET;
    private static final Duration LOAD = LONG ? Duration.ofMinutes(7) : Duration.ofSeconds(135);
    private static final Duration PACE = Duration.ofMillis(330);
    private static final int USERS = 20;
    private static final int PRODUCTS = 40;
    private static final int STOCK_EACH = LONG ? 60 : 25;
    private static final Duration SAGA_DEADLINE = Duration.ofSeconds(20);
    /** After the last POST: the deadline, the sweeps and a Kafka rebalance after the last fault, with room. */
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final String PROVIDER_ADMIN = "http://localhost:" + PROVIDER_PORT + "/__admin";
    private static final String PASSWORD = "correct-horse-battery";

    private static final HttpClient http = OrderLoad.http();

    @TempDir
    static Path home;

    private static PrivatePostgres postgres;
    private static PrivateRedis redis;
    private static PrivateKafka kafka;
    private static LaunchedStack stack;

    private final Gateway gateway = new Gateway(GATEWAY, http);
    private final RetryingClient client = new RetryingClient(GATEWAY, http, Duration.ofSeconds(60));
    private final ProviderFaults provider = new ProviderFaults(PROVIDER_ADMIN);
    private final List<String> products = new ArrayList<>();
    private final List<Placed> placed = new CopyOnWriteArrayList<>();
    private final List<String> report = new ArrayList<>();

    @BeforeAll
    static void startTheInfrastructureAndTheStack() throws Exception {
        DriverManager.setLoginTimeout(3); // a check against a stopped database fails fast
        long started = System.nanoTime();
        postgres = PrivatePostgres.start(LocalPorts.free(), Path.of("target", "chaos-logs", "private-postgres"));
        redis = PrivateRedis.start(LocalPorts.free(), home.resolve("redis.log"));
        kafka = PrivateKafka.start(home.resolve("kafka"), LocalPorts.free(), LocalPorts.free());

        var environment = new HashMap<String, String>(SagaUnderLoad.ENVIRONMENT);
        environment.put("BULKHEAD_AOT", "off");
        environment.put("BULKHEAD_ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("BULKHEAD_POSTGRES_PORT", Integer.toString(postgres.port()));
        environment.put("BULKHEAD_REDIS_PORT", Integer.toString(redis.port()));
        environment.put("BULKHEAD_KAFKA", "external");
        environment.put("BULKHEAD_PORT_OFFSET", Integer.toString(OFFSET));
        environment.put("BULKHEAD_PROVIDER_PORT", Integer.toString(PROVIDER_PORT));
        environment.put("BULKHEAD_KAFKA_PORT", kafka.bootstrap().substring("localhost:".length()));
        environment.put("BULKHEAD_ORDER_SAGA_DEADLINE", SAGA_DEADLINE.toSeconds() + "s");
        environment.putAll(OrderLoad.QUICK_FAILURE_DETECTION);
        stack = LaunchedStack.start(
                home, Path.of("target", "chaos-logs"), "bk_chaos_", REPLICAS, APP_PORTS, environment, READY_TIMEOUT);
        say(
                "%s schedule: Postgres :%d, Redis :%d, Kafka %s of the run's own; %d instances ready in %.1f s",
                LONG ? "long" : "short",
                postgres.port(),
                redis.port(),
                kafka.bootstrap(),
                APP_PORTS.size(),
                (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            // Killed and stopped instances are gone; the gateway, one instance of each service and the provider are
            // not.
            if (stack != null) stack.stopAndCheckNothingSurvives(8);
        } finally {
            try (var k = kafka;
                    var r = redis;
                    var p = postgres) {
                writeReport();
            }
        }
    }

    /** A fault: injected {@code at} after the load starts, undone {@code lasting} later. */
    private record Fault(Duration at, String what, Duration lasting, Step inject, Step heal) {}

    private interface Step {
        void run() throws Exception;
    }

    private List<Fault> schedule() {
        var faults = new ArrayList<Fault>();
        var slowCalls = Duration.ofSeconds(6); // above the 5 s read timeout: the charge's outcome is unknown
        faults.add(new Fault(
                Duration.ofSeconds(5),
                "payment provider slow (6 s a call, the client gives up at 5 s)",
                Duration.ofSeconds(15),
                () -> provider.slow(slowCalls),
                () -> provider.slow(Duration.ZERO)));
        faults.add(kill(Duration.ofSeconds(22), "order-2", true));
        faults.add(new Fault(
                Duration.ofSeconds(28),
                "Kafka broker stopped",
                LONG ? Duration.ofSeconds(60) : Duration.ofSeconds(30),
                kafka::stop,
                kafka::start));
        int after = LONG ? 100 : 68;
        faults.add(new Fault(
                Duration.ofSeconds(after),
                "Postgres crashed (pg_ctl stop -m immediate)",
                Duration.ofSeconds(10),
                postgres::crash,
                postgres::start));
        faults.add(new Fault(
                Duration.ofSeconds(after + 18), "Redis killed", Duration.ofSeconds(15), redis::kill, redis::start));
        var stub = new String[1];
        faults.add(new Fault(
                Duration.ofSeconds(after + 36),
                "payment provider answering 503",
                Duration.ofSeconds(10),
                () -> stub[0] = provider.failing(503),
                () -> provider.remove(stub[0])));
        var reset = new String[1];
        faults.add(new Fault(
                Duration.ofSeconds(after + 48),
                "payment provider resetting connections",
                Duration.ofSeconds(10),
                () -> reset[0] = provider.resetting(),
                () -> provider.remove(reset[0])));
        faults.add(kill(Duration.ofSeconds(after + 60), "payment-2", false));
        if (LONG) {
            int together = after + 90;
            faults.add(new Fault(
                    Duration.ofSeconds(together),
                    "Postgres crashed and Redis killed together",
                    Duration.ofSeconds(20),
                    () -> {
                        postgres.crash();
                        redis.kill();
                    },
                    () -> {
                        redis.start();
                        postgres.start();
                    }));
            var both = new String[1];
            faults.add(new Fault(
                    Duration.ofSeconds(together + 40),
                    "Kafka broker stopped while the provider answers 500",
                    Duration.ofSeconds(40),
                    () -> {
                        kafka.stop();
                        both[0] = provider.failing(500);
                    },
                    () -> {
                        provider.remove(both[0]);
                        kafka.start();
                    }));
            int next = together + 100;
            for (String instance : List.of("auth-2", "user-2", "inventory-2", "notification-2")) {
                faults.add(kill(Duration.ofSeconds(next), instance, true));
                next += 10;
            }
        }
        return faults;
    }

    private Fault kill(Duration at, String instance, boolean sigkill) {
        return new Fault(
                at,
                (sigkill ? "kill -9 " : "SIGTERM mid-batch to ") + instance,
                Duration.ZERO,
                () -> {
                    var process = stack.instance(instance)
                            .orElseThrow(() -> new IllegalStateException(instance + " is not running"));
                    if (sigkill) process.destroyForcibly();
                    else process.destroy();
                },
                () -> {});
    }

    @Test
    @Order(1)
    void losesNothingWhileTheInfrastructureFailsUnderLoad() throws Exception {
        var admin = gateway.login(AdminAccount.DEFAULT_EMAIL, ADMIN_PASSWORD);
        products.addAll(OrderLoad.catalogue(gateway, admin, "Chaos item", PRODUCTS, STOCK_EACH));
        var users = new AtomicReferenceArray<User>(USERS);
        for (int i = 0; i < USERS; i++) users.set(i, gateway.newUser("Chaos User " + i));

        var bodies = OrderLoad.bodies(20261204L, products, (int) (LOAD.toMillis() / PACE.toMillis()));

        var logins = new CopyOnWriteArrayList<Attempts>();
        var badInputs = new CopyOnWriteArrayList<String>();
        var faultLog = new CopyOnWriteArrayList<String>();
        var faultErrors = new CopyOnWriteArrayList<String>();
        long start = System.nanoTime();
        var invariants = new LiveInvariants(stack, products, STOCK_EACH, start);
        var turn = new AtomicInteger();
        try (var posting = Executors.newScheduledThreadPool(24);
                var background = Executors.newScheduledThreadPool(4);
                var injecting = Executors.newScheduledThreadPool(4)) {
            var posts = OrderLoad.post(posting, client, bodies, i -> users.get(i % USERS), PACE, placed);
            var checking = background.scheduleWithFixedDelay(invariants::checkOnce, 0, 1, TimeUnit.SECONDS);
            var loggingIn = background.scheduleWithFixedDelay(
                    () -> login(users, turn.getAndIncrement() % USERS, logins), 500, 1000, TimeUnit.MILLISECONDS);
            var refusing = background.scheduleWithFixedDelay(
                    () -> badInput(users.get(turn.get() % USERS), turn.get(), badInputs),
                    700,
                    2000,
                    TimeUnit.MILLISECONDS);
            var injections = new ArrayList<Future<?>>();
            for (var fault : schedule()) {
                injections.add(injecting.schedule(
                        () -> {
                            try {
                                fault.inject().run();
                                double injected = seconds(start);
                                Thread.sleep(fault.lasting().toMillis());
                                fault.heal().run();
                                faultLog.add(String.format(
                                        Locale.ROOT, "%5.1f–%5.1f s  %s", injected, seconds(start), fault.what()));
                            } catch (Exception e) {
                                faultErrors.add(fault.what() + ": " + e);
                            }
                            return null;
                        },
                        fault.at().toMillis(),
                        TimeUnit.MILLISECONDS));
            }
            for (var injection : injections) injection.get();
            for (var post : posts) post.get();
            loggingIn.cancel(false);
            refusing.cancel(false);
            say("load and faults over after %.1f s", seconds(start));

            var ended = new NothingLost(stack, gateway, RECOVERY, PROVIDER_ADMIN, "[chaos]")
                    .verify(
                            placed,
                            products,
                            STOCK_EACH,
                            LOAD.plus(SAGA_DEADLINE).plus(RECOVERY),
                            start);
            checking.cancel(false);

            var retried = placed.stream().filter(p -> p.attempts().retried()).count();
            var loginRetries = logins.stream().filter(Attempts::retried).count();
            var deadLetters = new EventLog(kafka.bootstrap(), Duration.ofSeconds(30));
            var parked = new TreeMap<String, Integer>();
            for (String topic : EventLog.TOPICS) {
                int letters = deadLetters.deadLetters(topic + ".DLT").size();
                if (letters > 0) parked.put(topic + ".DLT", letters);
            }
            report.add("faults, in order:");
            faultLog.stream().sorted().forEach(f -> report.add("  " + f));
            report.add(String.format(
                    Locale.ROOT,
                    "%d orders driven (%d users, %d products × %d), %d POSTs retried with their Idempotency-Key;"
                            + " outcomes %s",
                    placed.size(),
                    USERS,
                    PRODUCTS,
                    STOCK_EACH,
                    retried,
                    ended.outcomes()));
            report.add(String.format(
                    Locale.ROOT,
                    "%d logins (%d after retryable answers), %d bad inputs refused",
                    logins.size(),
                    loginRetries,
                    badInputs.size()));
            report.add(String.format(
                    Locale.ROOT,
                    "%d invariant checks during the run (%d more could not read a database), %d violations",
                    invariants.checks(),
                    invariants.unavailable(),
                    invariants.violations().size()));
            report.add(String.format(
                    Locale.ROOT,
                    "every order ended %.1f s after the first POST; %d units sold; %s EUR net charged = the"
                            + " confirmed orders' total, in payment-service and at the provider (%d charge and %d"
                            + " refund requests, %d repeats of a key); %d notifications, none twice;"
                            + " dead-lettered: %s",
                    ended.terminalSeconds(),
                    ended.unitsSold(),
                    BigDecimal.valueOf(ended.netMinor(), 2),
                    ended.journal().charges(),
                    ended.journal().refunds(),
                    ended.journal().repeats(),
                    ended.notifications(),
                    parked.isEmpty() ? "nothing" : parked));
            report.forEach(line -> say("%s", line));

            assertThat(faultErrors)
                    .as("faults that could not be injected or undone")
                    .isEmpty();
            assertThat(faultLog)
                    .as("faults injected and undone")
                    .hasSize(schedule().size());
            assertThat(invariants.violations())
                    .as("invariants broken during the run")
                    .isEmpty();
            assertThat(invariants.checks())
                    .as("invariant checks that could read every database")
                    .isGreaterThan((int) (LOAD.toSeconds() / 2));
            assertThat(logins.stream()
                            .filter(a -> a.finalStatus() != 200 || !a.onlyRetryableBeforeTheLast())
                            .map(a -> a.answers() + " " + a.body())
                            .toList())
                    .as("logins that failed, or were refused with a status no retry can resolve")
                    .isEmpty();
            assertThat(badInputs).as("bad inputs sent").hasSizeGreaterThan(20);
            assertThat(badInputs.stream().filter(b -> !b.startsWith("400 ")).toList())
                    .as("bad inputs not refused with 400 (after retryable answers only)")
                    .isEmpty();
            assertThat(parked).as("good events parked in a dead-letter topic").isEmpty();
        }
    }

    @Test
    @Order(2)
    void changesNothingWhenEveryEventIsDeliveredAgainFromOffsetZero() throws Exception {
        assertThat(placed).as("orders of the run before").isNotEmpty();
        var events = new EventLog(kafka.bootstrap(), Duration.ofSeconds(120));
        var before = awaitSettled();
        var everything = events.records(record -> true);
        long started = System.nanoTime();
        events.republish(everything);
        var readers = events.awaitEveryGroupCaughtUp();
        Thread.sleep(2_000); // a consumer commits after it applies: what it applied is in its database now
        var after = Effects.read(stack, products);
        var line = String.format(
                Locale.ROOT,
                "replay: %d events delivered again to %d consumer groups, caught up in %.1f s; effects before"
                        + " and after identical: %d orders, %d payments, %d notifications, %d provider requests",
                everything.size(),
                readers.values().stream()
                        .flatMap(java.util.Set::stream)
                        .distinct()
                        .count(),
                seconds(started),
                after.orders().size(),
                after.payments().size(),
                after.notifications(),
                after.providerRequests());
        report.add(line);
        say("%s", line);

        assertThat(everything).as("events on the saga's topics").hasSizeGreaterThan(placed.size() * 3);
        assertThat(after.orders()).as("orders and their outcomes").isEqualTo(before.orders());
        assertThat(after.stock()).as("stock").isEqualTo(before.stock());
        assertThat(after.payments()).as("payments, their states and amounts").isEqualTo(before.payments());
        assertThat(after.notifications()).as("notifications").isEqualTo(before.notifications());
        assertThat(after.providerRequests())
                .as("requests the payment provider received")
                .isEqualTo(before.providerRequests());
    }

    /**
     * The effects once nothing moves: no order pending, no call to the provider due, and two reads two
     * seconds apart alike — so that what the replay is compared with is not still changing by itself.
     */
    private Effects awaitSettled() throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        var last = Effects.read(stack, products);
        while (true) {
            Thread.sleep(2_000);
            var now = Effects.read(stack, products);
            boolean quiet = now.equals(last)
                    && now.orders().values().stream().noneMatch(o -> o.startsWith("PENDING"))
                    && now.payments().values().stream()
                            .noneMatch(p -> p.startsWith("CHARGE_REQUESTED") || p.startsWith("REFUND_REQUESTED"));
            if (quiet) return now;
            assertThat(System.nanoTime())
                    .as("the stack still changing %s after the run", RECOVERY)
                    .isLessThan(deadline);
            last = now;
        }
    }

    /** What the services did, as their databases and the provider's journal hold it. */
    private record Effects(
            Map<String, String> orders,
            Map<String, Stock> stock,
            Map<String, String> payments,
            long notifications,
            int providerRequests) {

        static Effects read(LaunchedStack stack, List<String> products) throws Exception {
            var orders = new HashMap<String, String>();
            try (Connection db = stack.database("orders");
                    var statement = db.createStatement();
                    var rows = statement.executeQuery(
                            "select id::text, status, coalesce(cancellation_reason, '') from orders")) {
                while (rows.next()) orders.put(rows.getString(1), rows.getString(2) + " " + rows.getString(3));
            }
            Map<String, Stock> stock;
            try (Connection db = stack.database("inventory")) {
                stock = NothingLost.stock(db, products);
            }
            var payments = new HashMap<String, String>();
            try (Connection db = stack.database("payments");
                    var statement = db.createStatement();
                    var rows = statement.executeQuery(
                            "select order_id::text, status, coalesce(amount_minor, 0) from payment")) {
                while (rows.next()) payments.put(rows.getString(1), rows.getString(2) + " " + rows.getLong(3));
            }
            long notifications;
            try (Connection db = stack.database("notifications");
                    var statement = db.createStatement();
                    var rows = statement.executeQuery("select count(*) from notification")) {
                rows.next();
                notifications = rows.getLong(1);
            }
            var journal = NothingLost.ProviderJournal.read(PROVIDER_ADMIN);
            return new Effects(orders, stock, payments, notifications, journal.charges() + journal.refunds());
        }
    }

    private void login(AtomicReferenceArray<User> users, int index, List<Attempts> logins) {
        try {
            var user = users.get(index);
            var attempts =
                    client.post("/api/v1/auth/login", null, Map.of("email", user.email(), "password", PASSWORD), null);
            logins.add(attempts);
            if (attempts.finalStatus() == 200) {
                users.set(
                        index,
                        new User(
                                user.id(),
                                user.email(),
                                attempts.json().path("access_token").asString()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One of a few requests no order-service may accept, each with a key of its own: "status body". */
    private void badInput(User user, int n, List<String> refused) {
        String product = products.get(n % products.size());
        Object body = switch (n % 5) {
            case 0 -> order("tok_ok", product, 0);
            case 1 -> Map.of("items", List.of(Map.of("productId", product, "quantity", 1.5)), "paymentToken", "tok_ok");
            case 2 -> order("tok\u0000ok", product, 1);
            case 3 -> Map.of("items", List.of(), "paymentToken", "tok_ok");
            default -> "{\"items\": [{\"productId\": \"" + product + "\", \"quantity\": 1}";
        };
        try {
            var attempts = client.post(
                    "/api/v1/orders",
                    user.accessToken(),
                    body,
                    UUID.randomUUID().toString());
            boolean clean = attempts.onlyRetryableBeforeTheLast();
            refused.add(
                    attempts.finalStatus() + (clean ? " " : " after " + attempts.answers() + " ") + attempts.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeReport() {
        try {
            var file = Path.of("target", "chaos-report-" + (LONG ? "long" : "short") + ".txt");
            Files.createDirectories(file.getParent());
            Files.write(file, report);
        } catch (Exception e) {
            System.err.println("could not write the chaos report: " + e.getMessage());
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[chaos] " + format + "%n", args);
    }
}
