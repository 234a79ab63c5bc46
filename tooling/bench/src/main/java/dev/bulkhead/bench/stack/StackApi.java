package dev.bulkhead.bench.stack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calls the benchmark makes through the gateway to set itself up and to run the saga: register and
 * log in a bench user, find a product, top up its stock as the admin, place and follow orders. HTTP/1.1
 * only: the JDK client's h2c upgrade offer is not what the measured clients send.
 */
public final class StackApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String PASSWORD = "bench-correct-horse-battery";

    private final String base;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    public StackApi(int gatewayPort) {
        this.base = "http://127.0.0.1:" + gatewayPort;
    }

    /** A product and how many are in stock. */
    public record Product(String id, int stock) {}

    /** A placed order: its id and when the POST was sent ({@link System#nanoTime()}). */
    public record Placed(String id, long postedNanos) {}

    /** Whether the gateway's readiness answers UP. */
    public boolean gatewayReady() {
        try {
            var response = send(get("/actuator/health/readiness", null));
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Registers a new user with a random email and returns the email. */
    public String registerBenchUser() throws IOException, InterruptedException {
        String email = "bench-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
        var body = json.writeValueAsString(Map.of("email", email, "password", PASSWORD, "name", "Bench User"));
        expect(send(post("/api/v1/auth/register", body, null, null)), 201, 200);
        return email;
    }

    public String login(String email) throws IOException, InterruptedException {
        return login(email, PASSWORD);
    }

    public String login(String email, String password) throws IOException, InterruptedException {
        var body = json.writeValueAsString(Map.of("email", email, "password", password));
        var response = expect(send(post("/api/v1/auth/login", body, null, null)), 200);
        return json.readTree(response.body()).path("access_token").asString();
    }

    /**
     * Waits until the user's profile exists: user-service makes it from auth-service's UserRegistered
     * event, a moment after registration.
     */
    public void awaitProfile(String token, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int status;
        do {
            status = send(get("/api/v1/users/me", token)).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new IOException("GET /api/v1/users/me still answers " + status + " after " + timeout.toSeconds()
                + " s: is user-service consuming auth-service's events?");
    }

    /** The catalogue's product with the most stock. */
    public Product mostStocked() throws IOException, InterruptedException {
        var response = expect(send(get("/api/v1/products?size=100", null)), 200);
        Product best = null;
        for (JsonNode item : json.readTree(response.body()).path("items")) {
            var product =
                    new Product(item.path("id").asString(), item.path("stock").asInt());
            if (best == null || product.stock() > best.stock()) {
                best = product;
            }
        }
        if (best == null) {
            throw new IOException("the catalogue is empty: GET /api/v1/products listed nothing");
        }
        return best;
    }

    public void addStock(String adminToken, String productId, int delta) throws IOException, InterruptedException {
        var body = json.writeValueAsString(Map.of("delta", delta));
        expect(send(post("/api/v1/products/" + productId + "/stock", body, adminToken, null)), 200);
    }

    public Placed placeOrder(String token, String productId) throws IOException, InterruptedException {
        var body = json.writeValueAsString(
                Map.of("items", List.of(Map.of("productId", productId, "quantity", 1)), "paymentToken", "tok_ok"));
        long posted = System.nanoTime();
        var response = expect(send(post("/api/v1/orders", body, token, "bench-" + UUID.randomUUID())), 202, 201);
        return new Placed(json.readTree(response.body()).path("id").asString(), posted);
    }

    /** The order's status (PENDING, CONFIRMED, CANCELLED), or empty if it could not be read just now. */
    public Optional<String> orderStatus(String token, String orderId) throws IOException, InterruptedException {
        var response = send(get("/api/v1/orders/" + orderId, token));
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        return Optional.of(json.readTree(response.body()).path("status").asString());
    }

    /** The status of {@code GET path} with the token: to see a route answer again. */
    public int status(String path, String token) throws InterruptedException {
        try {
            return send(get(path, token)).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpRequest get(String path, String token) {
        var request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private HttpRequest post(String path, String body, String token, String idempotencyKey) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ConnectException(
                    "nothing answers on " + base + " (" + request.uri().getPath() + ")");
        } catch (HttpTimeoutException e) {
            throw new HttpTimeoutException(
                    request.method() + " " + request.uri().getPath()
                            + " through the gateway got no answer in " + TIMEOUT.toSeconds()
                            + " s: is the stack healthy (./bulkhead status, .bulkhead/logs/)?");
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int... statuses) throws IOException {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        String body = response.body();
        throw new IOException(
                response.request().method() + " " + response.request().uri().getPath() + " answered "
                        + response.statusCode() + ": " + (body.length() > 300 ? body.substring(0, 300) + " …" : body));
    }
}
