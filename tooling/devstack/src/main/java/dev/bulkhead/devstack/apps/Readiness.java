package dev.bulkhead.devstack.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks an application whether it is ready: {@code GET /actuator/health/readiness} answering 200 and UP. */
public final class Readiness {

    /** What a probe saw. */
    public enum Health {
        UP,
        DOWN,
        NO_ANSWER;

        public String label() {
            return this == NO_ANSWER ? "no answer" : name();
        }
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2); // a ready app answers in milliseconds

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(PROBE_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private Readiness() {}

    public static Health probe(Instance instance) {
        var request = HttpRequest.newBuilder(URI.create(instance.readinessUrl()))
                .timeout(PROBE_TIMEOUT)
                .GET()
                .build();
        try {
            var response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"") ? Health.UP : Health.DOWN;
        } catch (IOException e) {
            return Health.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.NO_ANSWER;
        }
    }
}
