package dev.bulkhead.gateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Routes under more load than their limit (fixed at 4 here, so the numbers are exact): requests over
 * the limit wait in the queue and are all answered while the service keeps up; only a full queue or
 * a wait past the queue's bound is refused, with 503 and Retry-After; and a hung service opens its
 * route's breaker at the slow-call duration, long before any call to it has timed out.
 */
@RealInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulkhead.gateway.routes.concurrency.initial-limit=4",
            "bulkhead.gateway.routes.concurrency.min-limit=4",
            "bulkhead.gateway.routes.concurrency.max-limit=4",
            "bulkhead.gateway.routes.concurrency.queue-capacity=4",
            "bulkhead.gateway.routes.concurrency.max-queue-wait=600ms",
            "bulkhead.gateway.routes.breaker.sliding-window=4",
            "bulkhead.gateway.routes.breaker.minimum-calls=4",
            "bulkhead.gateway.routes.breaker.slow-call-duration=300ms",
            "bulkhead.gateway.routes.breaker.wait-in-open=30s",
            "bulkhead.gateway.routes.response-timeouts.payments=8s",
            "bulkhead.gateway.routes.retry.retries=0",
            "bulkhead.gateway.rate-limit.user.replenish=10000",
            "bulkhead.gateway.rate-limit.user.burst=10000"
        })
class RouteOverloadIT {

    private static final StandInAuth auth = StandInAuth.start();
    private static final WireMockServer services =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(64));

    static {
        services.start();
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    private final HttpClient http = TestHttp.newClientBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        auth.register(registry);
        for (String service : new String[] {"auth", "user", "order", "payment", "inventory", "notification"}) {
            registry.add("bulkhead.services." + service, services::baseUrl);
        }
    }

    @AfterAll
    static void stop() {
        services.stop();
        auth.close();
    }

    @Test
    void queuesRequestsOverTheLimitAndAnswersEveryOneWhileTheServiceKeepsUp() {
        services.stubFor(get(urlEqualTo("/api/v1/products/queued"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(150).withBody("{}")));

        List<Answer> answers = concurrently(8, "/api/v1/products/queued");

        // 4 at once, 4 after a wait of one call (~150 ms, under the 600 ms bound): nobody refused.
        assertThat(answers).extracting(Answer::status).containsOnly(200);
        services.verify(8, getRequestedFor(urlEqualTo("/api/v1/products/queued")));
    }

    @Test
    void refusesWith503AndRetryAfterOnlyWhatTheQueueCannotHold() {
        services.stubFor(get(urlEqualTo("/api/v1/notifications/saturated"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(1500).withBody("{}")));

        List<Answer> answers = concurrently(12, "/api/v1/notifications/saturated");
        answers.forEach(a -> System.out.printf(
                "RouteOverloadIT: saturated route answered %d after %d ms%n",
                a.status(), a.took().toMillis()));

        // 4 served; 4 queued and refused after the 600 ms wait; 4 refused at once (queue full).
        assertThat(answers.stream().filter(a -> a.status() == 200)).hasSize(4);
        List<Answer> refused = answers.stream().filter(a -> a.status() == 503).toList();
        assertThat(refused).hasSize(8);
        assertThat(refused)
                .allSatisfy(a -> assertThat(a.body()).contains("not keeping up"))
                .allSatisfy(a -> assertThat(a.retryAfter()).isEqualTo("1"));
        assertThat(refused.stream().filter(a -> a.took().compareTo(Duration.ofMillis(400)) < 0))
                .as("refused at once: the queue was full")
                .hasSize(4);
        services.verify(4, getRequestedFor(urlEqualTo("/api/v1/notifications/saturated")));
    }

    @Test
    void opensTheBreakerOfAHungServiceAtTheSlowCallDurationNotAtItsTimeout() throws InterruptedException {
        services.stubFor(get(urlEqualTo("/api/v1/payments/hung"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(6000).withBody("{}")));
        services.stubFor(
                get(urlEqualTo("/api/v1/payments/warm")).willReturn(aResponse().withStatus(200)));
        // The route's first call pays for the JWKS and the gateway's warm-up; it is not what is measured.
        assertThat(sendAsync("/api/v1/payments/warm").join().status()).isEqualTo(200);
        CircuitBreaker breaker = breakers.circuitBreaker("payments");
        long started = System.nanoTime();

        List<CompletableFuture<Answer>> hung = IntStream.range(0, 4)
                .mapToObj(i -> sendAsync("/api/v1/payments/hung"))
                .toList();
        Duration opened = null;
        while (Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0) {
            if (breaker.getState() == CircuitBreaker.State.OPEN) {
                opened = Duration.ofNanos(System.nanoTime() - started);
                break;
            }
            Thread.sleep(5);
        }
        List<Answer> whileOpen = IntStream.range(0, 20)
                .mapToObj(i -> sendAsync("/api/v1/payments/hung").join())
                .toList();

        System.out.printf("RouteOverloadIT: hung service's breaker open after %d ms%n", opened.toMillis());
        // Four calls unanswered at 300 ms are four slow calls: the breaker opens then, not at 8 s.
        assertThat(opened).isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
        assertThat(whileOpen)
                .allSatisfy(a -> assertThat(a.status()).isEqualTo(503))
                .allSatisfy(a -> assertThat(a.body()).contains("stopped calling it"))
                .allSatisfy(a -> assertThat(a.took()).isLessThan(Duration.ofSeconds(1)));
        // Answered without waiting for the service: the median is a few ms on a quiet machine.
        List<Long> took =
                whileOpen.stream().map(a -> a.took().toMillis()).sorted().toList();
        assertThat(took.get(took.size() / 2))
                .as("median answer of an open breaker, ms")
                .isLessThan(50L);
        assertThat(hung).allSatisfy(call -> assertThat(call).isNotDone());
    }

    private record Answer(int status, String body, String retryAfter, Duration took) {}

    private List<Answer> concurrently(int requests, String path) {
        List<CompletableFuture<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(sendAsync(path));
        }
        return calls.stream()
                .map(call -> call.exceptionally(failure -> new Answer(-1, failure.toString(), null, Duration.ZERO)))
                .map(CompletableFuture::join)
                .toList();
    }

    private CompletableFuture<Answer> sendAsync(String path) {
        long started = System.nanoTime();
        return http.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(20))
                                .header("Authorization", "Bearer " + auth.user())
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Answer(
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("Retry-After").orElse(null),
                        Duration.ofNanos(System.nanoTime() - started)));
    }
}
