package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.bulkhead.testsupport.http.TestHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * What every Bulkhead application must do when it starts against real infrastructure. An
 * application module subclasses it once, with nothing in the body:
 *
 * <pre>{@code
 * class OrderServiceStartsIT extends ApplicationStartsContract {}
 * }</pre>
 *
 * <p>The checks adapt to the context: database checks run when it has a {@link DataSource}, the Kafka
 * round trip when it has spring-kafka; without them the test asserts that the context
 * indeed has none, so it never silently checks nothing. Requests go over plain HTTP to
 * {@code local.server.port}, so reactive and servlet applications are treated alike. The application
 * must expose {@code health}, {@code info} and {@code prometheus}, run the build-info goal, include
 * {@code db} in its readiness group when it has a database, and sample traces in tests. The one
 * check an application may adapt is which request it logs with a trace id:
 * {@link #sendALoggedRequest(String)}.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
public abstract class ApplicationStartsContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    // Request handling is logged by these at DEBUG in both servlet and reactive stacks.
    private static final List<String> REQUEST_LOGGERS = List.of("org.springframework.web", "org.springframework.http");

    private final HttpClient http = TestHttp.newClient();

    @Autowired
    private ApplicationContext context;

    /** Subclasses need no constructor; the contract carries every test. */
    protected ApplicationStartsContract() {}

    @Test
    void reportsItselfUpOnHealthLivenessAndReadiness() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> response = get(path, Map.of());
            assertThat(response.statusCode())
                    .as("GET %s: %s", path, response.body())
                    .isEqualTo(200);
            assertThat((String) JsonPath.read(response.body(), "$.status"))
                    .as("status of %s", path)
                    .isEqualTo("UP");
        }
        HealthEndpointGroup readiness =
                context.getBean(HealthEndpointGroups.class).get("readiness");
        assertThat(readiness).as("the readiness health group").isNotNull();
        if (hasDataSource()) {
            assertThat(readiness.isMember("db"))
                    .as("readiness includes db (management.endpoint.health.group.readiness.include=readinessState,db)")
                    .isTrue();
        } else {
            assertThat(readiness.isMember("db"))
                    .as("readiness includes db without a DataSource")
                    .isFalse();
        }
    }

    @Test
    void appliesItsFlywayMigrationsToTheFreshTestDatabase() throws SQLException {
        if (!hasDataSource()) {
            assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
            assertThat(context.getEnvironment().getProperty(RealInfrastructureContextCustomizer.DATABASE_NAME_PROPERTY))
                    .as("a test database although the application has no JDBC support")
                    .satisfiesAnyOf(
                            name -> assertThat(name).isNull(),
                            name -> assertThat(name).startsWith("bk_"));
            return;
        }
        String expected =
                context.getEnvironment().getProperty(RealInfrastructureContextCustomizer.DATABASE_NAME_PROPERTY);
        assertThat(expected).as("the database test-support created").startsWith("bk_");
        try (Connection connection = context.getBean(DataSource.class).getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT current_database()")) {
                row.next();
                assertThat(row.getString(1))
                        .as("the database the application uses")
                        .isEqualTo(expected);
            }
            try (ResultSet row = statement.executeQuery(
                    "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
                row.next();
                assertThat(row.getInt(1))
                        .as("successful versioned Flyway migrations")
                        .isPositive();
            }
        }
    }

    @Test
    void exposesPrometheusMetricsAndBuildInfo() throws Exception {
        HttpResponse<String> prometheus = get("/actuator/prometheus", Map.of());
        assertThat(prometheus.statusCode()).as("GET /actuator/prometheus").isEqualTo(200);
        assertThat(prometheus.headers().firstValue("Content-Type").orElse(""))
                .as("Prometheus text format")
                .startsWith("text/plain");
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");

        HttpResponse<String> info = get("/actuator/info", Map.of());
        assertThat(info.statusCode()).as("GET /actuator/info").isEqualTo(200);
        assertThat((String) JsonPath.read(info.body(), "$.build.artifact"))
                .as("build.artifact from the build-info goal")
                .isNotBlank();
    }

    @Test
    void publishesItsOpenApiDocumentWithoutAToken() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs", Map.of());
        assertThat(docs.statusCode()).as("GET /v3/api-docs: %s", docs.body()).isEqualTo(200);
        assertThat((String) JsonPath.read(docs.body(), "$.openapi")).startsWith("3.");
    }

    @Test
    void deliversARecordThroughItsOwnKafkaTemplateAndConsumerFactory() throws Exception {
        // Kafka types stay out of this class's signatures: the gateway has no Kafka on its classpath.
        if (!ClassUtils.isPresent(KafkaRoundTrip.KAFKA_TEMPLATE, getClass().getClassLoader())) {
            assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
                    .as("Kafka settings in an application without spring-kafka")
                    .isNull();
            return;
        }
        KafkaRoundTrip.assertDelivers(context, TIMEOUT);
    }

    @Test
    void logsTheTraceIdOfATracedRequest(CapturedOutput output) throws Exception {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String parentSpan = HexFormat.of().formatHex(randomBytes(8));
        sendALoggedRequest("00-" + traceId + "-" + parentSpan + "-01");
        assertThat(output.getAll().lines().filter(line -> line.contains(traceId)))
                .as("log lines carrying the request's trace id %s (correlation pattern [app,traceId,spanId])", traceId)
                .isNotEmpty();
    }

    /**
     * Sends one request with this W3C {@code traceparent} that the application writes at least one log
     * line about while handling it. By default: {@code GET /actuator/health} with Spring's request
     * loggers ({@code org.springframework.web}, {@code org.springframework.http}) at DEBUG, which a
     * servlet application, or a reactive one propagating context automatically, writes with the trace.
     * A reactive application in Reactor's limited context-propagation mode overrides it with a request
     * that makes it write one of its own lines, those being the lines it restores the trace on.
     *
     * @param traceparent the header to send
     * @throws Exception if the request cannot be sent
     */
    protected void sendALoggedRequest(String traceparent) throws Exception {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        Map<String, LogLevel> previous = new java.util.HashMap<>();
        REQUEST_LOGGERS.forEach(name -> {
            LoggerConfiguration configuration = logging.getLoggerConfiguration(name);
            previous.put(name, configuration == null ? null : configuration.getConfiguredLevel());
            logging.setLogLevel(name, LogLevel.DEBUG);
        });
        try {
            HttpResponse<String> response = get("/actuator/health", Map.of("traceparent", traceparent));
            assertThat(response.statusCode()).isEqualTo(200);
        } finally {
            previous.forEach(logging::setLogLevel);
        }
    }

    private boolean hasDataSource() {
        return context.getBeanNamesForType(DataSource.class).length > 0;
    }

    /**
     * @param path a path on the application's own port
     * @param headers request headers
     * @return the answer to a GET of {@code path}
     * @throws IOException if the request cannot be sent
     * @throws InterruptedException if interrupted while waiting
     */
    protected final HttpResponse<String> get(String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        String port = context.getEnvironment().getRequiredProperty("local.server.port");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(TIMEOUT)
                .GET();
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new AssertionError(
                    "GET " + path + " unanswered within " + TIMEOUT.toSeconds() + " s; the application's threads:\n"
                            + ThreadDump.ofThisJvm(),
                    e);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // an all-zero id is invalid in W3C trace context
        return bytes;
    }
}
