package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a user does with curl against the running stack, as a test types it: JSON over HTTP, through the gateway. */
final class Gateway {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_ATTEMPTS = 10;

    private final String base;
    private final HttpClient http;

    Gateway(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** An answer: status, headers and the body parsed when it is JSON. */
    record Answer(int status, HttpResponse<String> raw) {
        JsonNode json() {
            return JSON.readTree(raw.body());
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        Answer expect(int wanted) {
            assertThat(status)
                    .as("%s %s → %s", raw.request().method(), raw.request().uri(), raw.body())
                    .isEqualTo(wanted);
            return this;
        }
    }

    /** A registered, logged-in user. */
    record User(UUID id, String email, String accessToken) {}

    User newUser(String name) throws Exception {
        String email = name.toLowerCase().replaceAll("[^a-z]", "") + "-" + UUID.randomUUID() + "@example.com";
        var registered = post(
                "/api/v1/auth/register",
                null,
                Map.of("email", email, "password", "correct-horse-battery", "name", name),
                Map.of());
        // 409 only if a timed-out first attempt did register (see send): the account is there either way.
        assertThat(registered.status()).as(registered.raw().body()).isIn(201, 409);
        return login(email, "correct-horse-battery");
    }

    User login(String email, String password) throws Exception {
        var login = post("/api/v1/auth/login", null, Map.of("email", email, "password", password), Map.of())
                .expect(200);
        String token = login.json().path("access_token").asString();
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        UUID id = UUID.fromString(JSON.readTree(payload).path("sub").asString());
        return new User(id, email, token);
    }

    Answer get(String path, User user) throws Exception {
        return get(path, user, Map.of());
    }

    Answer get(String path, User user, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
        if (user != null) request.header("Authorization", "Bearer " + user.accessToken());
        headers.forEach(request::header);
        return send(request.GET().build());
    }

    Answer post(String path, User user, Object body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        body instanceof String s ? s : JSON.writeValueAsString(body)));
        if (user != null) request.header("Authorization", "Bearer " + user.accessToken());
        headers.forEach(request::header);
        return send(request.build());
    }

    Answer send(String method, String path, User user, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (user != null) request.header("Authorization", "Bearer " + user.accessToken());
        return send(request.build());
    }

    /** Polls a GET until the answer satisfies {@code done}; fails naming the last answer. */
    Answer await(String path, User user, Duration timeout, Predicate<Answer> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last;
        do {
            last = get(path, user);
            if (done.test(last)) return last;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + path + " did not reach the wanted state within " + timeout + "; last answer "
                + last.status() + ": " + last.raw().body());
    }

    /**
     * Sends like a well-behaved client: a 429 or 503 with {@code Retry-After} is waited out and sent again,
     * and so is a request that timed out (safe here: every POST is idempotent or carries an
     * Idempotency-Key), a bounded number of times.
     */
    private Answer send(HttpRequest request) throws Exception {
        HttpResponse<String> response = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                // A starved machine (CI shares two cores) can stall one request; sending it again is
                // what a real client does, and the Idempotency-Key makes it harmless.
                if (attempt == MAX_ATTEMPTS - 1) throw e;
                continue;
            }
            var retryAfter = response.headers().firstValue("Retry-After");
            if ((response.statusCode() != 429 && response.statusCode() != 503) || retryAfter.isEmpty()) {
                break;
            }
            Thread.sleep(Math.min(5_000, Math.max(100, Long.parseLong(retryAfter.get()) * 1000)));
        }
        return new Answer(response.statusCode(), response);
    }
}
