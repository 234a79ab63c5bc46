package dev.bulkhead.deploymentcheck.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.deploymentcheck.compose.Compose;
import dev.bulkhead.deploymentcheck.docker.Dockerfile;
import dev.bulkhead.deploymentcheck.project.Application;
import dev.bulkhead.deploymentcheck.project.Applications;
import dev.bulkhead.deploymentcheck.project.Repository;
import dev.bulkhead.deploymentcheck.project.SourceScan;
import dev.bulkhead.deploymentcheck.project.Yaml;
import dev.bulkhead.testsupport.Infrastructure;
import dev.bulkhead.testsupport.otlp.OtlpReceiver;
import dev.bulkhead.testsupport.otlp.OtlpReceiver.Kind;
import dev.bulkhead.testsupport.otlp.OtlpReceiver.Span;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two applications started as their containers start them — order-service (MVC, JDBC, Kafka: the
 * meters every domain service has) and the gateway (reactive, Redis, the route breakers) — from the
 * image layout, through the Dockerfile's entrypoint, with docker compose's environment pointed at this
 * machine's test Postgres, Kafka and Redis and at a stand-in OTLP receiver. Then some traffic: requests
 * with and without tokens, a route to a service that is down, and a poison record on every topic
 * order-service reads (so a dead-letter topic gets one). What they export is what every dashboard panel
 * and alert rule may query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityIT {

    private static final List<String> STARTED = List.of("order-service", "gateway");

    /** Series Prometheus makes itself for every target; no application exports them. */
    private static final Set<String> SYNTHESISED_BY_PROMETHEUS =
            Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped", "ALERTS", "ALERTS_FOR_STATE");

    /** Labels Prometheus adds to every scraped series. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "__name__");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Compose compose = Compose.load();
    private final Dockerfile dockerfile = Dockerfile.load();
    private final Map<String, RunningApplication> running = new LinkedHashMap<>();
    private final Map<String, String> scrapes = new LinkedHashMap<>();
    private OtlpReceiver otlp;
    /** auth-service as the two applications see it: its JWKS and denylist, so their tokens verify. */
    private StandInAuth auth;

    private Exposition exported;
    private Path workDir;

    @BeforeAll
    void startApplicationsAndMakeTraffic() throws Exception {
        workDir = Files.createDirectories(Path.of("target", "observability-it")).toAbsolutePath();
        otlp = new OtlpReceiver();
        auth = StandInAuth.start();
        var infrastructure = Infrastructure.get();
        String kafka = infrastructure.kafka().bootstrapServers();
        var redis = infrastructure.redis();
        createTopics(kafka);

        int closed = freePort();
        var ports = new LinkedHashMap<String, Integer>();
        for (String module : STARTED) ports.put(module, freePort());
        var endpoints = new LinkedHashMap<String, String>();
        endpoints.put("kafka", kafka.split(",")[0]);
        endpoints.put("redis", redis.host() + ":" + redis.port());
        endpoints.put("otel-collector", "127.0.0.1:" + otlp.port());
        endpoints.put("auth-service", auth.base().substring("http://".length()));
        STARTED.forEach(module -> endpoints.put(module, "127.0.0.1:" + ports.get(module)));

        for (String module : STARTED) {
            Application application = Applications.named(module);
            var service =
                    compose.serviceBuilding(module).orElseThrow(() -> new AssertionError(module + " not in compose"));
            var environment =
                    new LinkedHashMap<>(LocalEnvironment.of(compose, service.environment(), endpoints, closed));
            // Spans are asserted below: record every trace, not the production default of one in ten.
            environment.put("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0");
            if (application.usesDatabase()) {
                var database = infrastructure.postgres().createDatabase();
                environment.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
                environment.put("SPRING_DATASOURCE_USERNAME", database.username());
                environment.put("SPRING_DATASOURCE_PASSWORD", database.password());
            }
            if (application.usesRedis()) {
                environment.put("SPRING_DATA_REDIS_DATABASE", Integer.toString(redis.database()));
            }
            var app = RunningApplication.start(
                    dockerfile,
                    application,
                    Files.createDirectories(workDir.resolve(module)),
                    environment,
                    ports.get(module));
            running.put(module, app);
        }
        for (var app : running.values()) app.awaitReady();

        makeTraffic(kafka);
        exported = Exposition.parse("");
        for (var app : running.values()) {
            var scrape = app.get(metricsPath());
            assertThat(scrape.statusCode())
                    .as("%s %s", app.application(), metricsPath())
                    .isEqualTo(200);
            scrapes.put(app.application().module(), scrape.body());
            Files.writeString(workDir.resolve(app.application().module() + ".prom"), scrape.body());
            exported.add(scrape.body());
        }
        Files.writeString(workDir.resolve("exported-metrics.txt"), String.join("\n", exported.names()));
    }

    @AfterAll
    void stop() throws Exception {
        for (var app : running.values()) app.close();
        if (otlp != null) otlp.close();
        if (auth != null) auth.close();
    }

    @Test
    void everyDashboardPanelAndAlertRuleQueriesOnlyMetricsAndLabelsTheServicesExport() {
        var queries = Queries.all();
        assertThat(queries)
                .as("queries in compose/grafana/dashboards and compose/prometheus/rules")
                .hasSizeGreaterThan(10);
        var problems = new ArrayList<String>();
        for (var query : queries) {
            var selectors = PromQl.selectors(query.expression());
            if (selectors.isEmpty()) {
                problems.add(query.location() + ": no metric in `" + query.expression() + "`");
            }
            for (var selector : selectors) {
                if (selector.metric() == null) {
                    problems.add(
                            query.location() + ": a selector without a metric name in `" + query.expression() + "`");
                    continue;
                }
                if (SYNTHESISED_BY_PROMETHEUS.contains(selector.metric())) continue;
                if (!exported.has(selector.metric())) {
                    problems.add(query.location() + ": " + selector.metric() + " is not exported by " + STARTED);
                    continue;
                }
                for (String label : selector.labels()) {
                    if (!TARGET_LABELS.contains(label)
                            && !exported.labels(selector.metric()).contains(label)) {
                        problems.add(query.location() + ": " + selector.metric() + " has no label " + label
                                + " (it has " + exported.labels(selector.metric()) + ")");
                    }
                }
            }
        }
        assertThat(problems)
                .as("queries naming what no service exports (see target/observability-it/exported-metrics.txt)")
                .isEmpty();
    }

    @Test
    void prometheusScrapesEveryApplicationOnItsOwnPortAndTheMetricsPathTheyServe() {
        var prometheus = Yaml.document(Repository.path("compose", "prometheus", "prometheus.yml"));
        var job = Yaml.list(prometheus.get("scrape_configs")).stream()
                .map(Yaml::cast)
                .filter(j -> "bulkhead".equals(j.get("job_name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scrape job `bulkhead` in prometheus.yml"));
        assertThat(job.get("metrics_path")).as("metrics_path").isEqualTo(metricsPath());
        var targets = new TreeSet<String>();
        for (Object config : Yaml.list(job.get("static_configs"))) {
            Yaml.list(Yaml.cast(config).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
        }
        var expected = new TreeSet<String>();
        for (Application application : Applications.all()) {
            String service =
                    compose.serviceBuilding(application.module()).orElseThrow().name();
            expected.add(service + ":" + application.port());
        }
        assertThat(targets)
                .as("scrape targets: every application's compose service and server.port")
                .isEqualTo(expected);
        for (var scrape : scrapes.entrySet()) {
            var application = Applications.named(scrape.getKey());
            assertThat(scrape.getValue())
                    .as("%s's scrape is Prometheus text carrying application=\"%s\"", application, application.name())
                    .contains("# TYPE ")
                    .contains("application=\"" + application.name() + "\"");
        }
    }

    @Test
    void applicationsLogOneJsonObjectPerLineWithTraceAndSpanIds() {
        for (var app : running.values()) {
            var lines = app.output().stream().filter(line -> !line.isBlank()).toList();
            var notJson = new ArrayList<String>();
            var withTrace = new ArrayList<JsonNode>();
            for (String line : lines) {
                JsonNode event;
                try {
                    event = JSON.readTree(line);
                } catch (RuntimeException e) {
                    notJson.add(line);
                    continue;
                }
                if (!event.isObject()) {
                    notJson.add(line);
                    continue;
                }
                assertThat(event.has("@timestamp") && event.path("log").has("level") && event.has("message"))
                        .as("an ECS log event with @timestamp, log.level and message: %s", line)
                        .isTrue();
                if (event.has("traceId") && event.has("spanId")) {
                    withTrace.add(event);
                }
            }
            assertThat(notJson)
                    .as("%s lines that are not JSON", app.application())
                    .isEmpty();
            assertThat(withTrace)
                    .as("%s log events carrying a trace id (after traced requests)", app.application())
                    .isNotEmpty();
        }
    }

    @Test
    void tracesReachTheCollectorAddressComposeConfigures() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (otlp.exports().stream().noneMatch(e -> e.path().equals("/v1/traces"))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertThat(otlp.exports())
                .as("OTLP exports received at BULKHEAD_OTLP_ENDPOINT")
                .anySatisfy(export -> {
                    assertThat(export.path()).isEqualTo("/v1/traces");
                    assertThat(export.contentType()).startsWith("application/x-protobuf");
                    assertThat(export.bytes()).isPositive();
                });
        assertThat(otlp.exports())
                .as("metrics are scraped by Prometheus, not pushed as well")
                .noneMatch(e -> e.path().equals("/v1/metrics"));
    }

    @Test
    void continuesOneTraceFromTheGatewayThroughOrderServiceAndItsFeignClient() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!(routedByTheGateway().isPresent() && feignCallOfAnOrder().isPresent())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertThat(otlp.services()).as("services that exported spans").contains("gateway", "order-service");
        assertThat(routedByTheGateway())
                .as("an order-service SERVER span whose parent is the gateway's (the route sends traceparent)")
                .isPresent();
        assertThat(feignCallOfAnOrder())
                .as(
                        "a CLIENT span of order-service's Feign call to inventory-service, within the POST it served;"
                                + " order-service's spans: %s",
                        otlp.spans().stream()
                                .filter(span -> span.service().equals("order-service"))
                                .map(span -> span + " " + span.spanId() + " <- " + span.parentSpanId())
                                .toList())
                .isPresent();
    }

    private Optional<Span> routedByTheGateway() {
        return otlp.spans().stream()
                .filter(span -> span.service().equals("order-service") && span.kind() == Kind.SERVER)
                .filter(span -> otlp.parentOf(span)
                        .filter(parent -> parent.service().equals("gateway"))
                        .isPresent())
                .findFirst();
    }

    /** A CLIENT span of order-service with, among its ancestors, the SERVER span of a POST to /api/v1/orders. */
    private Optional<Span> feignCallOfAnOrder() {
        return otlp.spans().stream()
                .filter(span -> span.service().equals("order-service") && span.kind() == Kind.CLIENT)
                .filter(this::servesAnOrder)
                .findFirst();
    }

    private boolean servesAnOrder(Span span) {
        for (Optional<Span> at = otlp.parentOf(span); at.isPresent(); at = otlp.parentOf(at.get())) {
            Span ancestor = at.get();
            if (ancestor.service().equals("order-service")
                    && ancestor.kind() == Kind.SERVER
                    && ancestor.mentions("/api/v1/orders")) {
                return true;
            }
        }
        return false;
    }

    private void makeTraffic(String kafka) throws Exception {
        var order = running.get("order-service");
        var gateway = running.get("gateway");
        for (var app : running.values()) {
            app.get("/actuator/health");
            app.send(HttpRequest.newBuilder(app.uri("/actuator/health"))
                    .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                    .GET());
        }
        order.get("/api/v1/orders");
        order.send(HttpRequest.newBuilder(order.uri("/api/v1/orders"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "observability-it")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        gateway.get("/api/v1/orders");
        gateway.get("/api/v1/orders/00000000-0000-0000-0000-000000000000");
        for (int i = 0; i < 5; i++) {
            gateway.get("/api/v1/products"); // inventory-service is not running: a 5xx through the route's breaker
        }
        gateway.get("/.well-known/jwks.json");
        // A signed-in user: the gateway's token cache looks the token up, and order-service prices an
        // order through its Feign client to inventory-service, which is not running — the client's
        // breaker, bulkhead, retry and timeout meters exist from that first call on.
        String token = auth.user();
        for (int i = 0; i < 3; i++) {
            gateway.send(HttpRequest.newBuilder(gateway.uri("/api/v1/orders"))
                    .header("Authorization", "Bearer " + token)
                    .GET());
        }
        order.send(HttpRequest.newBuilder(order.uri("/api/v1/orders"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "observability-it-priced")
                .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"productId\":"
                        + "\"00000000-0000-4000-8000-000000000001\",\"quantity\":1}],\"paymentToken\":\"tok_ok\"}")));

        // A poison record on every topic order-service reads: each goes to its dead-letter topic at once.
        var consumed = SourceScan.consumedTopics(Applications.named("order-service"));
        var properties = new Properties();
        properties.put("bootstrap.servers", kafka);
        try (var producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (String topic : consumed) {
                producer.send(new ProducerRecord<>(topic, "poison", "this is not an event"))
                        .get();
            }
        }
        // Waits for resilience-lib's dead-letter counter (what the dashboards and the alert query), and for
        // the producer that sent the records: its client metrics are bound as it is created. Not for the
        // per-topic producer series, which Micrometer's Kafka binder adds only at its next refresh, 60 s on.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            String scrape = order.get(metricsPath()).body();
            if (scrape.contains("kafka_producer_record_error_total{")
                    && consumed.stream()
                            .allMatch(topic -> scrape.lines()
                                    .anyMatch(line -> line.startsWith("bulkhead_consumer_dead_letters_total{")
                                            && hasLabel(line, "topic", topic)))) {
                return;
            }
            Thread.sleep(250);
        }
    }

    /** Whether a scrape line carries {@code name="value"} as a label of its own, not inside another one. */
    private static boolean hasLabel(String line, String name, String value) {
        String label = name + "=\"" + value + "\"";
        return line.contains("{" + label) || line.contains("," + label);
    }

    private void createTopics(String kafka) throws Exception {
        var topics = new LinkedHashSet<String>();
        for (Application application : Applications.all()) {
            topics.addAll(SourceScan.topics(application));
            SourceScan.consumedTopics(application).forEach(t -> topics.add(t + ".DLT"));
        }
        var properties = new Properties();
        properties.put("bootstrap.servers", kafka);
        try (var admin = AdminClient.create(properties)) {
            var existing = admin.listTopics().names().get();
            var missing = topics.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 3, (short) 1))
                    .toList();
            admin.createTopics(missing).all().get();
        }
    }

    private static String metricsPath() {
        return "/actuator/prometheus";
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
