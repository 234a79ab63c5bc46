package dev.bulkhead.gateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Routes against a WireMock service that is slow, failing, or failing then recovering: a slow service
 * costs the route's timeout and a 504, a failing one opens the route's breaker and is then answered
 * at once with a 503 and Retry-After, a GET is retried through two 503s, a POST or PATCH that
 * fails is never sent twice, and a caller's trace reaches the service.
 */
@RealInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulkhead.gateway.routes.response-timeouts.orders=1s",
            "bulkhead.gateway.routes.breaker.sliding-window=4",
            "bulkhead.gateway.routes.breaker.minimum-calls=4",
            "bulkhead.gateway.routes.breaker.wait-in-open=30s"
        })
class RouteResilienceIT {

    private static final Duration OPEN_ANSWER_BOUND = Duration.ofMillis(50);

    private static final StandInAuth auth = StandInAuth.start();
    private static final WireMockServer services =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    static {
        services.start();
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    private final HttpClient http = TestHttp.newClient();

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        auth.register(registry);
        for (String service : new String[] {"auth", "user", "order", "payment", "inventory", "notification"}) {
            registry.add("bulkhead.services." + service, services::baseUrl);
        }
    }

    @AfterAll
    static void stop() {
        services.stop();
        auth.close();
    }

    @Test
    void answers504AtTheRouteTimeoutWhenTheServiceIsSlowAndDoesNotRetryIt() throws Exception {
        services.stubFor(get(urlEqualTo("/api/v1/orders/slow"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody("{}")));

        long started = System.nanoTime();
        HttpResponse<String> response = send("GET", "/api/v1/orders/slow");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf(
                "RouteResilienceIT: slow service answered %d after %d ms%n", response.statusCode(), took.toMillis());
        assertProblem(response, 504);
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(2000));
        services.verify(1, getRequestedFor(urlEqualTo("/api/v1/orders/slow")));
    }

    @Test
    void opensTheBreakerAfterItsMinimumCallsFailAndThenAnswers503AtOnce() throws Exception {
        services.stubFor(get(urlEqualTo("/api/v1/payments/failing"))
                .willReturn(aResponse().withStatus(503).withBody("overloaded")));

        for (int i = 0; i < 4; i++) {
            assertProblem(send("GET", "/api/v1/payments/failing"), 503);
        }
        assertThat(breakers.circuitBreaker("payments").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int reachedTheService = services.countRequestsMatching(
                        getRequestedFor(urlEqualTo("/api/v1/payments/failing")).build())
                .getCount();

        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = send("GET", "/api/v1/payments/failing");
            millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
            assertProblem(response, 503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(response.body()).contains("stopped calling it");
        }
        System.out.printf("RouteResilienceIT: open breaker answered in %s ms%n", millis);
        assertThat(millis.stream().sorted().toList().get(millis.size() / 2))
                .as("median answer of an open breaker, ms")
                .isLessThan(OPEN_ANSWER_BOUND.toMillis());
        services.verify(reachedTheService, getRequestedFor(urlEqualTo("/api/v1/payments/failing")));

        // An operator sees it in /actuator/health; the probes do not: a failing service must not make
        // the gateway restart or leave the load balancer. Anyone else sees the status alone.
        HttpResponse<String> health = actuator("/actuator/health", auth.admin());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"breakers\"").containsPattern("\"payments\":\\{\"state\":\"OPEN\"");
        assertThat(actuator("/actuator/health", auth.user()).body()).doesNotContain("breakers");
        assertThat(actuator("/actuator/health").body()).doesNotContain("breakers");
        assertThat(actuator("/actuator/health/liveness").body()).doesNotContain("breakers");
        assertThat(actuator("/actuator/health/readiness").body()).doesNotContain("breakers");
    }

    private HttpResponse<String> actuator(String path) throws Exception {
        return actuator(path, null);
    }

    private HttpResponse<String> actuator(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void retriesAGetThatFailsTwiceAndAnswersWithTheThirdAttempt() throws Exception {
        String flaky = "flaky";
        services.stubFor(get(urlEqualTo("/api/v1/notifications/flaky"))
                .inScenario(flaky)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("failed once"));
        services.stubFor(get(urlEqualTo("/api/v1/notifications/flaky"))
                .inScenario(flaky)
                .whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("failed twice"));
        services.stubFor(get(urlEqualTo("/api/v1/notifications/flaky"))
                .inScenario(flaky)
                .whenScenarioStateIs("failed twice")
                .willReturn(aResponse().withStatus(200).withBody("{\"items\":[]}")));

        HttpResponse<String> response = send("GET", "/api/v1/notifications/flaky");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"items\":[]}");
        services.verify(3, getRequestedFor(urlEqualTo("/api/v1/notifications/flaky")));
    }

    @Test
    void neverRetriesAPostOrAPatch() throws Exception {
        services.stubFor(
                post(urlEqualTo("/api/v1/orders")).willReturn(aResponse().withStatus(503)));
        services.stubFor(
                patch(urlEqualTo("/api/v1/users/me")).willReturn(aResponse().withStatus(503)));

        assertProblem(send("POST", "/api/v1/orders"), 503);
        assertProblem(send("PATCH", "/api/v1/users/me"), 503);

        services.verify(1, postRequestedFor(urlEqualTo("/api/v1/orders")));
        services.verify(1, patchRequestedFor(urlEqualTo("/api/v1/users/me")));
    }

    @Test
    void exportsEachRoutesBreakerAndTheRateLimitersBreakerAsMetrics() throws Exception {
        services.stubFor(
                get(urlEqualTo("/api/v1/products/7")).willReturn(aResponse().withStatus(200)));
        assertThat(send("GET", "/api/v1/products/7").statusCode()).isEqualTo(200);

        HttpResponse<String> metrics = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.body())
                .contains("resilience4j_circuitbreaker_state{", "name=\"products\"", "name=\"rate-limit-redis\"")
                .contains(
                        "bulkhead_gateway_route_concurrency_limit{",
                        "bulkhead_gateway_route_concurrency_inflight{",
                        "bulkhead_gateway_route_concurrency_queued{",
                        "bulkhead_gateway_route_refusals_total{",
                        "bulkhead_gateway_rate_limit_decisions_total{");
    }

    @Test
    void answers404ToAnyoneAskingForTheFallbackDirectly() throws Exception {
        assertProblem(send("GET", "/fallback"), 404);
    }

    @Test
    void carriesTheCallersTraceToTheServiceUnderTheGatewaysOwnSpan() throws Exception {
        services.stubFor(get(urlEqualTo("/api/v1/products/traced"))
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callersSpan = "00f067aa0ba902b7";

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/products/traced"))
                        .timeout(Duration.ofSeconds(20))
                        .header("traceparent", "00-" + traceId + "-" + callersSpan + "-01")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String sent = services.findAll(getRequestedFor(urlEqualTo("/api/v1/products/traced")))
                .getFirst()
                .getHeader("traceparent");
        // The trace travels in the Reactor context (limited propagation), not in thread locals.
        assertThat(sent)
                .as("traceparent the service received")
                .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                .doesNotContain(callersSpan);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + status);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.BodyPublisher body = method.equals("GET")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{\"items\":[]}");
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + auth.user())
                        .header("Content-Type", "application/json")
                        .method(method, body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
