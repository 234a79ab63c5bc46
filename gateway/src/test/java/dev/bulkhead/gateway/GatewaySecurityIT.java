package dev.bulkhead.gateway;

import static dev.bulkhead.testsupport.tokens.Refusals.assertProblem;
import static dev.bulkhead.testsupport.tokens.Refusals.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway checks every token before a service sees the request: the JWT attack matrix, roles,
 * revocation, body limits and its own errors, over real HTTP against stand-in services and a
 * stand-in auth-service (JWKS and revocations).
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewaySecurityIT {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(300);
    private static final Duration POLL_PAUSE = Duration.ofMillis(50);
    private static final StandInAuth tokens = StandInAuth.start();
    private static final StandInServices downstreams = StandInServices.start();
    /** "service METHOD path authorization bodyLength" for every request a service received. */
    private static final List<String> received = downstreams.requests();

    @LocalServerPort
    int port;

    private final HttpClient http = TestHttp.newClient();

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        downstreams.register(registry);
        tokens.register(registry);
        registry.add("bulkhead.security.revocations.poll-interval", () -> POLL_INTERVAL.toMillis() + "ms");
    }

    @AfterAll
    static void stopStandIns() {
        downstreams.close();
        tokens.close();
    }

    static Stream<Arguments> attacks() {
        return tokens.attacks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusesAForgedOrInvalidToken(String attack, String token) throws Exception {
        var response = send("GET", "/api/v1/orders/42", StandInAuth.bearer(token), null);

        assertUnauthorized(response);
        assertThat(received).noneMatch(request -> request.contains(token));
    }

    @Test
    void refusesARequestWithoutTokenOrWithAnEmptyOne() throws Exception {
        assertUnauthorized(send("GET", "/api/v1/orders/42", Map.of(), null));
        assertUnauthorized(send("GET", "/api/v1/orders/42", Map.of("Authorization", "Bearer "), null));
        assertUnauthorized(send("GET", "/api/v1/orders/42", Map.of("Authorization", "Bearer"), null));
    }

    @Test
    void forwardsAValidTokenUnchangedToTheService() throws Exception {
        String token = tokens.user();

        var response = send("GET", "/api/v1/orders/42", StandInAuth.bearer(token), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("order");
        assertThat(received).contains("order GET /api/v1/orders/42 Bearer " + token + " 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /api/v1/auth/login", "POST /api/v1/auth/register", "GET /api/v1/products/7"})
    void letsThePublicRoutesThroughWithoutAToken(String route) throws Exception {
        String[] parts = route.split(" ");

        var response = send(parts[0], parts[1], Map.of(), parts[0].equals("POST") ? "{}" : null);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAUserOnAnAdminRouteAndLetsAnAdminThrough() throws Exception {
        var asUser = send("POST", "/api/v1/products", StandInAuth.bearer(tokens.user()), "{}");
        assertThat(asUser.statusCode()).isEqualTo(403);
        assertThat(asUser.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(asUser.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).contains("insufficient_scope"));
        assertThat(asUser.body()).contains("\"status\":403");
        assertThat(received).noneMatch(request -> request.startsWith("inventory POST /api/v1/products "));

        var asAdmin = send("POST", "/api/v1/products", StandInAuth.bearer(tokens.admin()), "{}");
        assertThat(asAdmin.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesARevokedTokenWithinThePollIntervalPlusOneRead() throws Exception {
        String token = tokens.user();
        assertThat(send("GET", "/api/v1/users/me", StandInAuth.bearer(token), null)
                        .statusCode())
                .isEqualTo(200);

        tokens.revoke(token);
        long revokedAt = System.nanoTime();
        Duration bound = POLL_INTERVAL.plus(Duration.ofSeconds(1)); // interval + one read, generously
        HttpResponse<String> response;
        do {
            // Polls at a human pace: a tight loop would meet the per-user rate limit (429) before the revocation.
            Thread.sleep(POLL_PAUSE.toMillis());
            response = send("GET", "/api/v1/users/me", StandInAuth.bearer(token), null);
        } while (response.statusCode() == 200 && System.nanoTime() - revokedAt < bound.toNanos());

        assertUnauthorized(response);
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThanOrEqualTo(bound);
    }

    @Test
    void refusesAChunkedBodyOverTheLimitBeforeAnyServiceSeesIt() throws Exception {
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(twoMegabytes));

        var response = send("POST", "/api/v1/orders/chunked-oversized", StandInAuth.bearer(tokens.user()), chunked);

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response, 413);
        assertThat(received).noneMatch(request -> request.contains("/chunked-oversized"));
    }

    @Test
    void refusesADeclaredBodyOverTheLimit() throws Exception {
        var response = send(
                "POST",
                "/api/v1/orders/declared-oversized",
                StandInAuth.bearer(tokens.user()),
                BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1]));

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response, 413);
        assertThat(received).noneMatch(request -> request.contains("/declared-oversized"));
    }

    @Test
    void refusesAnOversizedHeaderBeforeAnyServiceSeesIt() throws Exception {
        var headers = new java.util.HashMap<>(StandInAuth.bearer(tokens.user()));
        headers.put("X-Padding", "x".repeat(64 * 1024));

        var response = send("GET", "/api/v1/orders/oversized-header", headers, null);

        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(received).noneMatch(request -> request.contains("/oversized-header"));
    }

    @Test
    void forwardsAChunkedBodyUnderTheLimitWithItsLength() throws Exception {
        byte[] small = new byte[10_000];
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small));
        String token = tokens.user();

        var response = send("POST", "/api/v1/orders", StandInAuth.bearer(token), chunked);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(received).contains("order POST /api/v1/orders Bearer " + token + " 10000");
    }

    @Test
    void answersAnUnroutedPathWithAProblemDocument() throws Exception {
        var response = send("GET", "/api/v1/unknown/things", StandInAuth.bearer(tokens.user()), null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response, 404);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/orders/../../actuator/health",
                "/api/v1/orders/%2e%2e/%2e%2e/actuator/health",
                "/api/v1/orders/..%2F..%2Factuator/health",
                "/internal/v1/revocations",
                "/api/v1/orders/..;/..;/internal/v1/revocations"
            })
    void neverLetsAPathReachAServicesActuatorOrInternalApi(String path) throws Exception {
        var response = send("GET", path, StandInAuth.bearer(tokens.user()), null);

        assertThat(response.statusCode()).isBetween(400, 404);
        assertThat(received).noneMatch(request -> request.contains("actuator") || request.contains("internal"));
    }

    @Test
    void keepsItsOwnHealthInfoAndMetricsOpen() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/info", "/actuator/prometheus")) {
            assertThat(send("GET", path, Map.of(), null).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(send("GET", "/actuator/health", Map.of(), null).body())
                .as("health for anyone: the status, not what is behind the gateway")
                .doesNotContain("components", "breakers", "redis");
    }

    @Test
    void refusesARequestThatDeclaresItsBodyTwoWays() throws Exception {
        // CL.TE request smuggling: a front end that believes Content-Length sees one request, a server
        // that believes Transfer-Encoding ends the body at the zero chunk and reads the rest as a second
        // request. The gateway believes neither: a request with both is a 400 and the connection closes.
        String smuggled = "GET /internal/v1/revocations HTTP/1.1\r\nHost: x\r\n\r\n";
        String body = "0\r\n\r\n" + smuggled;
        String answers = raw(
                "POST /api/v1/orders/smuggling HTTP/1.1\r\n"
                        + "Host: localhost\r\n"
                        + "Authorization: Bearer " + tokens.user() + "\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n"
                        + "Transfer-Encoding: chunked\r\n"
                        + "\r\n"
                        + body,
                2);

        assertThat(answers).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close");
        assertThat(answers.split("HTTP/1.1 ", -1)).as("answers: %s", answers).hasSize(2);
        assertThat(received).noneMatch(request -> request.contains("/smuggling") || request.contains("internal"));
    }

    @Test
    void refusesTwoContentLengthsThatDisagree() throws Exception {
        String answer = raw("POST /api/v1/orders/two-lengths HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Authorization: Bearer " + tokens.user() + "\r\n"
                + "Content-Length: 2\r\n"
                + "Content-Length: 40\r\n"
                + "\r\n"
                + "{}");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(received).noneMatch(request -> request.contains("/two-lengths"));
    }

    @Test
    void takesNoSecondAuthorizationHeaderForAnAdminOne() throws Exception {
        // Two credentials in one request: whichever one the gateway checked must be the one the
        // service reads; a forged admin token after a valid user token must not ride along as a role.
        String answer = raw("PUT /api/v1/products/two-authorizations HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Authorization: Bearer " + tokens.user() + "\r\n"
                + "Authorization: Bearer " + tokens.admin() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: 2\r\n"
                + "\r\n"
                + "{}");

        assertThat(answer).matches("(?s)HTTP/1.1 4\\d\\d .*");
        assertThat(received).noneMatch(request -> request.contains("/two-authorizations"));
    }

    /** Bytes written on a fresh connection; what came back once one answer (the first) has arrived. */
    private String raw(String request) throws Exception {
        return raw(request, 1);
    }

    /**
     * Bytes written on a fresh connection, left open (a half-closed connection may be dropped before
     * an answer); what came back once {@code answers} status lines have arrived, or after 5 s.
     */
    private String raw(String request, int answers) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            var read = new StringBuilder();
            var in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    read.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                    if (read.toString().split("HTTP/1.1 \\d{3} ", -1).length - 1 >= answers) break;
                }
            } catch (java.net.SocketTimeoutException e) {
                // what arrived is the answer
            }
            return read.toString();
        }
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, Object body)
            throws Exception {
        BodyPublisher publisher = body instanceof BodyPublisher given
                ? given
                : body == null ? BodyPublishers.noBody() : BodyPublishers.ofString((String) body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
