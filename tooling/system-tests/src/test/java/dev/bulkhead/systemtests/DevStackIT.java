package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bulkhead.testsupport.otlp.OtlpReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke test of ./bulkhead: starts the stack exactly as {@code ./bulkhead up} does (without
 * building: Maven has just packaged everything), waits for the seven readiness probes, calls the
 * gateway, stops the launcher with SIGTERM and checks that nothing it started survives.
 *
 * <p>It uses its own BULKHEAD_HOME (a temp dir: fresh Kafka data, no AOT caches), never the
 * developer's .bulkhead/, and the local Postgres and Redis when they run, as ./bulkhead does — with
 * its own database names (BULKHEAD_DB_PREFIX), dropped afterwards, never the developer's.
 *
 * <p>Between start and stop it is the system test: the README's walk-throughs (identity, then the
 * order saga) through the gateway, the saga's failure cases, redelivered and poisoned events, and 200
 * concurrent orders checked against the saga's invariants — seven processes plus Kafka, Postgres
 * and the payment-provider simulator working together, not only answering their health probes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevStackIT {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final List<Integer> APP_PORTS =
            IntStream.rangeClosed(8080, 8086).boxed().toList();
    private static final List<Integer> STACK_PORTS =
            List.of(8080, 8081, 8082, 8083, 8084, 8085, 8086, 8090, 9092, 9093);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4); // no AOT cache here; CI shares cores
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private static final String DB_PREFIX = "bk_smoke_" + Long.toString(System.currentTimeMillis(), 36) + "_";

    private static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();

    /** Short enough to test, long enough that a loaded 2-core machine confirms orders well within it. */
    static final Duration SAGA_DEADLINE = Duration.ofSeconds(8);

    @TempDir
    static Path home;

    private static Process launcher;
    private static OtlpReceiver traces;
    private static Path output;
    private static final Set<ProcessHandle> started = new LinkedHashSet<>();

    final Gateway gateway = new Gateway("http://localhost:8080", http);
    final OrderSaga saga = new OrderSaga(gateway);

    @BeforeAll
    static void startTheStack() throws Exception {
        var busy = STACK_PORTS.stream().filter(DevStackIT::isOpen).toList();
        if (!busy.isEmpty()) {
            fail("Ports " + busy
                    + " are in use (a dev stack is running?): run ./bulkhead down, then run this test again.");
        }
        // Started before the stack: every application exports its spans here (OrderTrace reads them).
        traces = new OtlpReceiver();
        output = home.resolve("launcher.out");
        var builder = new ProcessBuilder(ROOT.resolve("bulkhead").toString(), "up")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("BULKHEAD_HOME", home.resolve("stack").toString());
        builder.environment().put("BULKHEAD_SKIP_BUILD", "1");
        builder.environment().put("BULKHEAD_AOT", "off");
        builder.environment().put("BULKHEAD_READY_TIMEOUT", Long.toString(READY_TIMEOUT.toSeconds()));
        builder.environment().put("BULKHEAD_DB_PREFIX", DB_PREFIX);
        builder.environment().put("BULKHEAD_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // The applications inherit the launcher's environment: a saga deadline the timeout case can wait for.
        builder.environment().put("BULKHEAD_ORDER_SAGA_DEADLINE", SAGA_DEADLINE.toSeconds() + "s");
        builder.environment().putAll(SagaUnderLoad.ENVIRONMENT);
        builder.environment().put("BULKHEAD_OTLP_ENABLED", "true");
        builder.environment().put("BULKHEAD_OTLP_ENDPOINT", traces.endpoint());
        // OrderTrace follows one order's spans: record every trace, not the default one in ten.
        builder.environment().put("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0");
        launcher = builder.start();
        awaitAllReady(launcher, output);
    }

    @Test
    @Order(1)
    void answersHealthAndWalksTheIdentityFlowThroughTheGateway() throws Exception {
        var health = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:8080/actuator/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\"");
        IdentityWalkThrough.through("http://localhost:8080", http);
    }

    @Test
    @Order(2)
    void confirmsAnOrderAndChargesNotifiesAndTakesStockExactlyOnce() throws Exception {
        new SagaScenarios(gateway, saga).confirmsAnOrderEndToEnd();
    }

    @Test
    @Order(3)
    void cancelsAnOrderWhoseStockIsShortWithoutChargingOrTouchingStock() throws Exception {
        new SagaScenarios(gateway, saga).cancelsWhenOutOfStock();
    }

    @Test
    @Order(4)
    void cancelsAnOrderWhosePaymentIsDeclinedAndReleasesItsStock() throws Exception {
        new SagaScenarios(gateway, saga).cancelsWhenPaymentIsDeclined();
    }

    @Test
    @Order(5)
    void cancelsAnOrderPastItsDeadlineAndRefundsTheLateCharge() throws Exception {
        new SagaScenarios(gateway, saga).timesOutAndRefundsTheLateCharge(SAGA_DEADLINE);
    }

    @Test
    @Order(6)
    void placesOneOrderForOneIdempotencyKey() throws Exception {
        new SagaScenarios(gateway, saga).placesOneOrderPerIdempotencyKey();
    }

    @Test
    @Order(7)
    void answersNotFoundForAnotherUsersOrderPaymentAndNotification() throws Exception {
        new SagaScenarios(gateway, saga).hidesOtherUsersResources();
    }

    @Test
    @Order(8)
    void appliesRedeliveredEventsOnceAndDeadLettersPoisonWithoutStopping() throws Exception {
        new EventRedelivery(gateway, saga).appliesEveryRedeliveredEventOnce();
    }

    @Test
    @Order(9)
    void endsTwoHundredConcurrentOrdersConservingStockAndMoney() throws Exception {
        new SagaUnderLoad(gateway, saga, ADMIN_PASSWORD).endsEveryOrderAndKeepsTheInvariants();
    }

    @Test
    @Order(10)
    void measuresTheTimeFromPlacingToConfirmed() throws Exception {
        new SagaUnderLoad(gateway, saga, ADMIN_PASSWORD).measuresTimeToConfirmed(100);
    }

    @Test
    @Order(11)
    void tracesAnOrderAsOneTraceAcrossHttpAndKafka() throws Exception {
        new OrderTrace(gateway, saga, traces).followsAnOrderFromTheGatewayToItsLastStep();
    }

    @AfterAll
    static void stopsOnSigtermAndLeavesNothingRunning() throws Exception {
        try {
            if (launcher == null) return;
            launcher.descendants().forEach(started::add);
            started.addAll(recordedProcesses());
            assertThat(started).as("processes the launcher started").hasSizeGreaterThanOrEqualTo(9);

            launcher.destroy(); // SIGTERM, as ./bulkhead down and Ctrl-C do
            assertThat(launcher.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("launcher stopped within %s; output:%n%s", STOP_TIMEOUT, read(output))
                    .isTrue();
            var survivors = awaitGone(started, Duration.ofSeconds(10));
            assertThat(survivors)
                    .as("processes still alive after the launcher stopped")
                    .isEmpty();
            assertThat(STACK_PORTS.stream().filter(DevStackIT::isOpen).toList())
                    .as("ports still open")
                    .isEmpty();
        } finally {
            if (launcher != null && launcher.isAlive()) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
            started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            if (traces != null) traces.close();
            dropDatabases();
            keepLogs();
        }
    }

    /** The stack lives in a temp dir that JUnit deletes; its logs are what a red run is read by. */
    private static void keepLogs() {
        var logs = home.resolve("stack").resolve("logs");
        var kept = Path.of("target", "devstack-logs");
        try (var files = Files.list(logs)) {
            Files.createDirectories(kept);
            for (var log : files.toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            output =
                    Files.copy(output, kept.resolve("launcher.out"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("DevStackIT: could not keep the stack's logs: " + e.getMessage());
        }
    }

    /** On a local server the stack's databases outlive it; this test's are dropped. */
    private static void dropDatabases() {
        if (!isOpen(5432)) return; // embedded Postgres: its data lived in the temp home
        try (var connection = java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://localhost:5432/postgres",
                        System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres"),
                        System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""));
                var statement = connection.createStatement()) {
            var names = new java.util.ArrayList<String>();
            try (var rows =
                    statement.executeQuery("select datname from pg_database where datname like '" + DB_PREFIX + "%'")) {
                while (rows.next()) names.add(rows.getString(1));
            }
            for (String name : names) statement.execute("drop database if exists " + name + " with (force)");
        } catch (java.sql.SQLException e) {
            System.err.println("DevStackIT: could not drop its databases " + DB_PREFIX + "*: " + e.getMessage());
        }
    }

    private static void awaitAllReady(Process launcher, Path output) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.plusSeconds(30).toNanos();
        var waiting = new ArrayList<>(APP_PORTS);
        while (!waiting.isEmpty()) {
            if (!launcher.isAlive()) {
                fail("the launcher exited with code " + launcher.exitValue() + " before all were ready:\n"
                        + read(output));
            }
            if (System.nanoTime() > deadline) {
                fail("not ready after " + READY_TIMEOUT + ": ports " + waiting + "\n" + read(output));
            }
            waiting.removeIf(DevStackIT::isReady);
            Thread.sleep(500);
        }
    }

    private static boolean isReady(int port) {
        try {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Processes in the state file: includes an embedded Postgres, which pg_ctl detaches from the launcher. */
    private static List<ProcessHandle> recordedProcesses() throws IOException {
        var state = home.resolve("stack").resolve("stack.state");
        var handles = new ArrayList<ProcessHandle>();
        for (var line : Files.readAllLines(state)) {
            var parts = line.strip().split("\\s+");
            if (parts.length == 5 && !line.startsWith("#") && !parts[0].equals("launcher")) {
                ProcessHandle.of(Long.parseLong(parts[2])).ifPresent(handles::add);
            }
        }
        return handles;
    }

    private static List<ProcessHandle> awaitGone(Set<ProcessHandle> processes, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> alive;
        do {
            alive = processes.stream().filter(ProcessHandle::isAlive).toList();
            if (alive.isEmpty()) {
                return alive;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return alive.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static boolean isOpen(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
