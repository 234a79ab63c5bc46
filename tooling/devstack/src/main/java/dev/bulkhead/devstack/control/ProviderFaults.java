package dev.bulkhead.devstack.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * Makes the payment-provider simulator (WireMock) slow or failing through its admin API: one stub of
 * a higher priority than every mapping in {@code tooling/payment-provider/mappings} (which use 5 and
 * up), with an id of our own so the undo removes exactly it and nothing a developer added.
 */
final class ProviderFaults {

    /**
     * Slow enough that payment-service's breaker counts slow calls and its charging pool fills, shorter
     * than its 40 s read timeout: orders still confirm, late.
     */
    static final int SLOW_MILLIS = 4_000;

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI provider;
    private final HttpClient http;
    private final UUID stub = UUID.randomUUID();
    private volatile String state = "normal";

    ProviderFaults(URI provider) {
        this.provider = provider;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    Target target() {
        return switch (state) {
            case "normal" -> Target.of("payment-provider", "payment-provider", "normal", "slow", "fail");
            default -> Target.of("payment-provider", "payment-provider", state, "restore");
        };
    }

    synchronized Target apply(String action) {
        var now = target();
        if (!now.actions().contains(action)) throw Refused.notNow(now, action);
        try {
            switch (action) {
                case "slow" -> add(slowCharge());
                case "fail" -> add(failingCharge());
                default -> remove();
            }
        } catch (IOException e) {
            throw Refused.failed("payment provider admin API at " + provider, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refused.failed("payment provider admin API at " + provider, e);
        }
        state = switch (action) {
            case "slow" -> "slow";
            case "fail" -> "failing";
            default -> "normal";
        };
        return target();
    }

    /** At shutdown the simulator stops too; a stub left behind would not outlive it. */
    void restoreQuietly() {
        if (!state.equals("normal")) {
            try {
                remove();
            } catch (IOException | InterruptedException | RuntimeException ignored) {
                // best effort: the simulator is stopped right after
            }
        }
    }

    /** Approves every token, after {@link #SLOW_MILLIS}. */
    private String slowCharge() {
        return mapping("console: slow provider", """
                "status": 201, "fixedDelayMilliseconds": %d,
                "headers": {"Content-Type": "application/json"},
                "jsonBody": {"id": "ch_{{jsonPath request.body '$.reference'}}", "status": "succeeded"},
                "transformers": ["response-template"]""".formatted(SLOW_MILLIS));
    }

    /** Every charge answered with a 503, as a provider in an outage would. */
    private String failingCharge() {
        return mapping("console: failing provider", """
                "status": 503, "headers": {"Content-Type": "application/json", "Retry-After": "1"},
                "jsonBody": {"error": {"code": "service_unavailable", "message": "Broken from the console."}}""");
    }

    private String mapping(String name, String response) {
        return """
                {"id": "%s", "name": "%s", "priority": 1,
                 "request": {"method": "POST", "url": "/v1/charges"},
                 "response": {%s}}""".formatted(stub, name, response);
    }

    private void add(String mapping) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(provider.resolve("/__admin/mappings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapping)));
    }

    private void remove() throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(provider.resolve("/__admin/mappings/" + stub))
                .DELETE());
    }

    private void send(HttpRequest.Builder request) throws IOException, InterruptedException {
        var response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException("answered " + response.statusCode() + ": " + response.body());
        }
    }
}
