package dev.bulkhead.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.scheduler.Schedulers;

/** Each public path reaches the service that owns it, over real HTTP; nothing else is routed. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingIT {

    private static final List<String> SERVICES = StandInServices.NAMES;
    private static final StandInServices downstreams = StandInServices.start();
    /** "service path" for every request a stand-in service received. */
    private static final List<String> received = downstreams.paths();

    private static final StandInAuth tokens = StandInAuth.start();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = TestHttp.newClient();

    @DynamicPropertySource
    static void pointRoutesAtStandInServices(DynamicPropertyRegistry registry) {
        downstreams.register(registry);
        tokens.register(registry);
    }

    @AfterAll
    static void stopStandIns() {
        downstreams.close();
        tokens.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/api/v1/auth/login, auth",
        "/.well-known/jwks.json, auth",
        "/api/v1/users/me, user",
        "/api/v1/orders/42, order",
        "/api/v2/orders/42, order",
        "/api/v1/payments, payment",
        "/api/v1/products/7, inventory",
        "/api/v1/notifications, notification"
    })
    void forwardsEachPublicPathToTheServiceThatOwnsIt(String path, String service) throws Exception {
        var response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(service);
        assertThat(received).contains(service + " " + path);
    }

    @ParameterizedTest
    @CsvSource({"/actuator/gateway/routes", "/order-service/actuator/health", "/api/v1/unknown/things"})
    void routesNothingElseAndHidesItsOwnRouteTable(String path) throws Exception {
        var response = get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(received).noneMatch(request -> request.endsWith(path));
    }

    /**
     * A client that sends its next request on a keep-alive connection the moment an answer arrives can
     * find the gateway still finishing the previous exchange; the request is then queued, and Reactor
     * Netty up to 1.3.7 could drain that queue without reading from the connection again, so the
     * request after it was never read and its client waited forever (reactor-netty#4361; seen as a hung
     * RouteResilienceIT). Pipelined requests, the second answered at once, reach that path every time.
     */
    @Test
    void keepsReadingAKeepAliveConnectionAfterAQueuedRequestIsAnsweredAtOnce() throws Exception {
        String proxied = "GET /.well-known/jwks.json HTTP/1.1\r\nHost: gateway\r\n\r\n";
        String answeredAtOnce = "GET /nothing/here HTTP/1.1\r\nHost: gateway\r\n\r\n";
        for (int connection = 0; connection < 10; connection++) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                var out = socket.getOutputStream();
                var in = new java.io.BufferedInputStream(socket.getInputStream());
                out.write((proxied + answeredAtOnce).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
                assertThat(readResponse(in))
                        .as("refused without a token, at once")
                        .startsWith("HTTP/1.1 401");

                out.write(proxied.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                out.flush();
                String third;
                try {
                    third = readResponse(in);
                } catch (java.net.SocketTimeoutException e) {
                    third = "no answer within 5 s on connection " + connection;
                }
                assertThat(third).as("the request after the queued one").startsWith("HTTP/1.1 200");
            }
        }
    }

    /** One whole HTTP/1.1 response with a Content-Length, read byte by byte: its status line and headers. */
    private static String readResponse(java.io.InputStream in) throws java.io.IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                return head + "(connection closed)";
            }
            head.append((char) b);
        }
        var length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)")
                .matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return head.toString();
    }

    /**
     * What the gateway records per request is paid at its full rate: the server's and the proxied call's
     * timers stay, without the long-task timer Micrometer would start and stop beside each of them, and
     * without Spring Security's observations.
     */
    @Test
    void timesEachProxiedRequestWithoutALongTaskTimerOrSecurityObservations() throws Exception {
        assertThat(get("/api/v1/products/7").statusCode()).isEqualTo(200);

        assertThat(meters.find("http.server.requests").timers()).isNotEmpty();
        assertThat(meters.find("http.client.requests").timers()).isNotEmpty();
        assertThat(meters.find("http.server.requests.active").longTaskTimers()).isEmpty();
        assertThat(meters.find("http.client.requests.active").longTaskTimers()).isEmpty();
        assertThat(meters.getMeters())
                .extracting(meter -> meter.getId().getName())
                .noneMatch(name -> name.startsWith("spring.security"));
    }

    /**
     * A proxied request puts no task on Reactor's schedulers from its event loop: its deadlines (response
     * timeout, slow-call watch) go on the routes' timing wheel. Spring Cloud Gateway's own response
     * timeout armed a parallel-scheduler timer twice per request, whose thread then woke about once per
     * request (docs/performance.md).
     */
    @Test
    void armsNoReactorTimerForAProxiedRequest() throws Exception {
        get("/api/v1/products/7");
        var scheduledFromEventLoops = new AtomicInteger();
        Schedulers.onScheduleHook("count-from-event-loops", task -> {
            if (Thread.currentThread().getName().startsWith("reactor-http")) {
                scheduledFromEventLoops.incrementAndGet();
            }
            return task;
        });
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(get("/api/v1/products/7").statusCode()).isEqualTo(200);
            }
        } finally {
            Schedulers.resetOnScheduleHook("count-from-event-loops");
        }

        assertThat(scheduledFromEventLoops).hasValue(0);
    }

    @Test
    void neverForwardsToAServicesActuator() throws Exception {
        get("/actuator/health");

        assertThat(received).noneMatch(request -> request.contains("/actuator"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"auth", "user", "order", "payment", "inventory", "notification"})
    void servesEachServicesOpenApiDocumentForTheSwaggerUi(String service) throws Exception {
        var response = get("/api-docs/" + service);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(service);
        assertThat(received).contains(service + " /v3/api-docs");
    }

    @Test
    void listsEveryServiceInTheSwaggerUi() throws Exception {
        var config = get("/v3/api-docs/swagger-config");

        assertThat(config.statusCode()).isEqualTo(200);
        for (String service : SERVICES) {
            assertThat(config.body()).contains("\"/api-docs/" + service + "\"");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                // Routing is under test here, not authentication (GatewaySecurityIT): every request carries a valid
                // token.
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + tokens.user())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
