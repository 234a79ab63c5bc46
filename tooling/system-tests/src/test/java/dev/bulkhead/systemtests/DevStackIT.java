package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.otlp.OtlpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
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
 * and the payment-provider simulator working together, not only answering their health probes. Last,
 * the operator console in headless Chromium, which breaks inventory-service and restores it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevStackIT {

    private static final List<Integer> APP_PORTS =
            IntStream.rangeClosed(8080, 8086).boxed().toList();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4); // no AOT cache here; CI shares cores
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

    private static LaunchedStack stack;
    private static OtlpReceiver traces;

    final Gateway gateway = new Gateway("http://localhost:8080", http);
    final OrderSaga saga = new OrderSaga(gateway);

    @BeforeAll
    static void startTheStack() throws Exception {
        // Started before the stack: every application exports its spans here (OrderTrace reads them).
        traces = new OtlpReceiver();
        var environment = new HashMap<String, String>();
        environment.put("BULKHEAD_AOT", "off");
        environment.put("BULKHEAD_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // The applications inherit the launcher's environment: a saga deadline the timeout case can wait for.
        environment.put("BULKHEAD_ORDER_SAGA_DEADLINE", SAGA_DEADLINE.toSeconds() + "s");
        environment.putAll(SagaUnderLoad.ENVIRONMENT);
        environment.put("BULKHEAD_OTLP_ENABLED", "true");
        environment.put("BULKHEAD_OTLP_ENDPOINT", traces.endpoint());
        // OrderTrace follows one order's spans: record every trace, not the default one in ten.
        environment.put("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0");
        stack = LaunchedStack.start(
                home, Path.of("target", "devstack-logs"), DB_PREFIX, List.of(), APP_PORTS, environment, READY_TIMEOUT);
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

    @Test
    @Order(12)
    void refusesTheConsoleApiToAUserWhoIsNotAnAdmin() throws Exception {
        new ConsoleInTheBrowser(gateway, saga, ADMIN_PASSWORD).refusesTheConsoleApiToAUserWhoIsNotAnAdmin();
    }

    @Test
    @Order(13)
    void showsTheSagaAndTheBreakerOpenWhenItsServiceIsFrozenInTheConsole() throws Exception {
        new ConsoleInTheBrowser(gateway, saga, ADMIN_PASSWORD)
                .showsTheSagaAndTheBreakerOpenWhenItsServiceIsFrozenThenRecovering();
    }

    @AfterAll
    static void stopsOnSigtermAndLeavesNothingRunning() throws Exception {
        try {
            if (stack != null) stack.stopAndCheckNothingSurvives(9);
        } finally {
            if (traces != null) traces.close();
        }
    }
}
