package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * The payment provider (WireMock) made slow, failing or rude through its admin API, and made well
 * again. A fault is a stub of higher priority than the provider's own mappings, for charges and
 * refunds alike; undoing it removes the stub.
 */
final class ProviderFaults {

    private final String admin;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param admin the provider's admin API, {@code http://localhost:8090/__admin} */
    ProviderFaults(String admin) {
        this.admin = admin;
    }

    /** Every answer takes {@code delay} (WireMock's global fixed delay); {@link #slow} with zero undoes it. */
    void slow(Duration delay) throws Exception {
        send("POST", "/settings", "{\"fixedDelay\": " + delay.toMillis() + "}");
    }

    /** Charges and refunds answered {@code status} with a problem body; returns the stub to {@link #remove}. */
    String failing(int status) throws Exception {
        return stub("{\"status\": " + status + ", \"headers\": {\"Content-Type\": \"application/problem+json\"},"
                + " \"body\": \"{\\\"title\\\": \\\"Provider unavailable\\\", \\\"status\\\": " + status + "}\"}");
    }

    /** Charges and refunds answered by a TCP reset: the caller cannot know whether the charge was made. */
    String resetting() throws Exception {
        return stub("{\"fault\": \"CONNECTION_RESET_BY_PEER\"}");
    }

    void remove(String stub) throws Exception {
        send("DELETE", "/mappings/" + stub, null);
    }

    private String stub(String response) throws Exception {
        String id = UUID.randomUUID().toString();
        send("POST", "/mappings", """
                {"id": "%s", "priority": 1,
                 "request": {"method": "POST", "urlPathPattern": "/v1/(charges|refunds)"},
                 "response": %s}""".formatted(id, response));
        return id;
    }

    private void send(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(admin + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        var answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode())
                .as("%s %s: %s", method, path, answer.body())
                .isBetween(200, 299);
    }
}
