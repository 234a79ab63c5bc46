package dev.bulkhead.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A client as a careful user's program is written: a POST that meets a retryable answer (502, 503, 504,
 * 429) or a broken connection (reset, refused, timed out) is sent again, with the same Idempotency-Key,
 * after a growing pause, until it is answered otherwise or its time is up. Every attempt is recorded, so
 * a test can say which answers the retries hid. GETs are sent once: what the user sees is what counts.
 */
final class RetryingClient {

    static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    private final String base;
    private final HttpClient http;
    private final Duration patience;

    /** {@code patience}: how long one POST is retried before the test gives up on it. */
    RetryingClient(String base, HttpClient http, Duration patience) {
        this.base = base;
        this.http = http;
        this.patience = patience;
    }

    /** One request's answers in order: a status code, or the name of the transport failure. */
    record Attempts(List<String> answers, int finalStatus, String body) {

        boolean accepted() {
            return finalStatus >= 200 && finalStatus < 300;
        }

        /** Every answer before the last was one the client is right to retry. */
        boolean onlyRetryableBeforeTheLast() {
            return answers.subList(0, answers.size() - 1).stream().allMatch(RetryingClient::retryable);
        }

        boolean retried() {
            return answers.size() > 1;
        }

        JsonNode json() {
            return Gateway.JSON.readTree(body);
        }
    }

    Attempts post(String path, String token, Object body, String idempotencyKey) throws InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        body instanceof String text ? text : Gateway.JSON.writeValueAsString(body)));
        if (token != null) builder.header("Authorization", "Bearer " + token);
        if (idempotencyKey != null) builder.header("Idempotency-Key", idempotencyKey);
        var request = builder.build();
        long deadline = System.nanoTime() + patience.toNanos();
        var answers = new ArrayList<String>();
        var pause = FIRST_PAUSE;
        while (true) {
            try {
                var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                answers.add(Integer.toString(response.statusCode()));
                if (!RETRYABLE.contains(response.statusCode()) || System.nanoTime() > deadline) {
                    return new Attempts(List.copyOf(answers), response.statusCode(), response.body());
                }
            } catch (IOException e) {
                answers.add(e.getClass().getSimpleName());
                if (System.nanoTime() > deadline) {
                    return new Attempts(List.copyOf(answers), -1, String.valueOf(e.getMessage()));
                }
            }
            Thread.sleep(pause.toMillis());
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    /** One GET, not retried: a status code, or the transport failure's name as status -1. */
    Attempts get(String path, String token) throws InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
        if (token != null) request.header("Authorization", "Bearer " + token);
        try {
            var response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Attempts(
                    List.of(Integer.toString(response.statusCode())), response.statusCode(), response.body());
        } catch (IOException e) {
            return new Attempts(List.of(e.getClass().getSimpleName()), -1, String.valueOf(e.getMessage()));
        }
    }

    /** A retryable status, or a transport failure (any answer that is not a number). */
    static boolean retryable(String answer) {
        return !answer.chars().allMatch(Character::isDigit) || RETRYABLE.contains(Integer.parseInt(answer));
    }
}
