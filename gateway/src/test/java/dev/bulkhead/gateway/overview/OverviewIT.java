package dev.bulkhead.gateway.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The overview over real HTTP, with user-service answering, order-service hung (answers after 3 s,
 * far past the 500 ms part timeout) and notification-service stopped (nothing listens on its port):
 * 200 with the profile, and the other two parts marked unavailable — promptly, not after 3 s.
 */
@RealInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bulkhead.gateway.overview.part-timeout=500ms")
class OverviewIT {

    private static final StandInAuth auth = StandInAuth.start();
    private static final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private static final Map<String, String> authorizationSeen = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = TestHttp.newClient();

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) throws IOException {
        auth.register(registry);
        registry.add("bulkhead.services.user", () -> serve("user", Duration.ZERO, "{\"name\":\"Ada\"}"));
        registry.add("bulkhead.services.order", () -> serve("order", Duration.ofSeconds(3), "{\"items\":[]}"));
        registry.add("bulkhead.services.notification", OverviewIT::nothingListening);
    }

    @AfterAll
    static void stop() {
        servers.forEach(server -> server.stop(0));
        auth.close();
    }

    @Test
    void answersWithWhatIsAvailableAndMarksTheSlowAndTheStoppedPartsUnavailable() throws Exception {
        String token = auth.token(UUID.randomUUID());
        long started = System.nanoTime();

        var response = get("/api/v1/me/overview", token);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode overview = JSON.readTree(response.body());
        assertThat(overview.path("user").path("available").asBoolean()).isTrue();
        assertThat(overview.path("user").path("data").path("name").asString()).isEqualTo("Ada");
        assertThat(overview.path("recentOrders").path("available").asBoolean()).isFalse();
        assertThat(overview.path("recentOrders").path("reason").asString()).startsWith("timeout");
        assertThat(overview.path("notifications").path("available").asBoolean()).isFalse();
        assertThat(overview.path("notifications").path("reason").asString()).isEqualTo("unreachable");
        assertThat(took).as("parallel, bounded by the part timeout").isLessThan(Duration.ofMillis(2500));
        assertThat(authorizationSeen.get("user"))
                .as("the caller's own token, so the service checks ownership")
                .isEqualTo("Bearer " + token);
    }

    @Test
    void refusesACallerWithoutAToken() throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me/overview"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String serve(String name, Duration delay, String json) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                authorizationSeen.put(
                        name, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            servers.add(server);
            return "http://127.0.0.1:" + server.getAddress().getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port that was free a moment ago and is closed now: connection refused, as for a stopped service. */
    private static String nothingListening() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
