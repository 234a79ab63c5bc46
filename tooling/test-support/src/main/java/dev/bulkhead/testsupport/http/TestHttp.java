package dev.bulkhead.testsupport.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP against an application under test, the way a client calls it:
 *
 * <pre>{@code
 * TestHttp http = TestHttp.at(port);
 * HttpResponse<String> response = http.send("POST", "/api/v1/orders", body, "Authorization", "Bearer " + token);
 * JsonNode order = TestHttp.json(response);
 * }</pre>
 *
 * <p>Every client it builds speaks HTTP/1.1. The JDK client defaults to HTTP/2 and so offers an h2c
 * upgrade on every new plain-HTTP connection; against a server that does not speak h2c, a request sent
 * just as the server closed the previous connection was seen to go unanswered for the client's whole
 * timeout. No Bulkhead application serves HTTP/2 in plain text, so the upgrade buys nothing.
 *
 * <p>Requests time out after {@link #REQUEST_TIMEOUT} (connections after {@link #CONNECT_TIMEOUT}), so
 * a hung server fails the test instead of hanging the build; I/O failures come back unchecked.
 */
public final class TestHttp {

    /** A local server that has not accepted a connection in this time is not going to. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Above every server-side bound the tests exercise (the gateway's 5 s per attempt, retries included). */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** For reading and writing bodies; configured like nothing in particular, as a client would be. */
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final String base;

    private TestHttp(HttpClient client, String base) {
        this.client = client;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** A builder already pinned to HTTP/1.1 with {@link #CONNECT_TIMEOUT}, for a test that needs its own executor. */
    public static HttpClient.Builder newClientBuilder() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT);
    }

    /** A client pinned to HTTP/1.1 with {@link #CONNECT_TIMEOUT}. */
    public static HttpClient newClient() {
        return newClientBuilder().build();
    }

    /** Requests to {@code http://127.0.0.1:<port>}, where the application under test listens. */
    public static TestHttp at(int port) {
        return at("http://127.0.0.1:" + port);
    }

    /** Requests to paths under {@code baseUrl} (scheme, host and port, e.g. a stand-in's base URL). */
    public static TestHttp at(String baseUrl) {
        return new TestHttp(newClient(), baseUrl);
    }

    /** The same base with another client, e.g. one built from {@link #newClientBuilder()} with its own executor. */
    public TestHttp with(HttpClient other) {
        return new TestHttp(other, base);
    }

    /** The client requests go through. */
    public HttpClient client() {
        return client;
    }

    /** {@code path} (with its query) under the base URL. */
    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** A request to {@code path} with {@link #REQUEST_TIMEOUT}, for what the helpers below do not cover. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT);
    }

    /**
     * GET {@code path}.
     *
     * @param headers names and values in turn, as {@link HttpRequest.Builder#headers(String...)} takes them
     */
    public HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /**
     * {@code method} on {@code path}, with {@code json} as an {@code application/json} body unless null.
     *
     * @param headers names and values in turn, as {@link HttpRequest.Builder#headers(String...)} takes them
     */
    public HttpResponse<String> send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = request(path)
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) request.header("Content-Type", "application/json");
        if (headers.length > 0) request.headers(headers);
        return send(request);
    }

    /** Sends the request as built; the body is read as a string. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request.build());
    }

    /** Sends the request; the body is read as a string. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new UncheckedIOException(
                    "Nothing accepts connections at " + request.uri() + ": is the application under test running?", e);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    /** The response's body as JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
