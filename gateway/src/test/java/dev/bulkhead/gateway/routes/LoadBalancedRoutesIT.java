package dev.bulkhead.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.http.Replicas;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A route ({@code lb://order}) in front of two real instances of order-service's stand-in: calls are
 * spread over both; one that dies costs no GET an error (the retry goes to the other), stops getting
 * calls at once and gets them again once it is back. The figures are printed.
 */
@RealInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulkhead.load-balancing.ejection-time=" + LoadBalancedRoutesIT.EJECTION_MS + "ms",
            "bulkhead.gateway.rate-limit.user.replenish=10000",
            "bulkhead.gateway.rate-limit.user.burst=10000"
        })
class LoadBalancedRoutesIT {

    static final long EJECTION_MS = 2000;

    private static final StandInAuth auth = StandInAuth.start();
    private static final Replicas orders = Replicas.start(2);

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    private final HttpClient http = TestHttp.newClient();
    private final String token = "Bearer " + auth.user();

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        auth.register(registry);
        registry.add("bulkhead.services.order", orders::urls);
    }

    @AfterAll
    static void stop() {
        orders.close();
        auth.close();
    }

    @BeforeEach
    void bothInstancesUp() throws Exception {
        orders.revive(0);
        orders.revive(1);
        // An instance ejected by an earlier test comes back after the ejection time.
        Thread.sleep(EJECTION_MS + 100);
        // The first calls of a fresh gateway fetch keys and warm up: not what is measured here.
        for (int i = 0; i < 4; i++) {
            assertThat(get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void spreadsGetsOverBothInstancesInTurn() throws Exception {
        int before0 = orders.answered(0);
        int before1 = orders.answered(1);

        for (int i = 0; i < 20; i++) {
            assertThat(get().statusCode()).isEqualTo(200);
        }

        int to0 = orders.answered(0) - before0;
        int to1 = orders.answered(1) - before1;
        System.out.printf("LoadBalancedRoutesIT: 20 GETs, %d to instance 0 and %d to instance 1%n", to0, to1);
        assertThat(to0 + to1).isEqualTo(20);
        assertThat(to0).as("round robin").isBetween(9, 11);
    }

    @Test
    void answersEveryGetWhileAnInstanceDiesMidCallAndStopsCallingItAtOnce() throws Exception {
        orders.dropConnections(1);
        long died = System.nanoTime();

        // Half the ejection time: long enough to see every call that still reaches the dead instance.
        List<Integer> statuses = getFor(Duration.ofMillis(EJECTION_MS / 2));

        List<Long> dropped = orders.dropped(1);
        long lastCallMs = dropped.isEmpty() ? 0 : (dropped.getLast() - died) / 1_000_000;
        System.out.printf(
                "LoadBalancedRoutesIT: instance died; %d GETs answered %s; %d calls reached the dead instance,"
                        + " the last %d ms after it died%n",
                statuses.size(), statuses.stream().distinct().toList(), dropped.size(), lastCallMs);
        assertThat(statuses).as("every GET retried on the live instance").containsOnly(200);
        assertThat(dropped).as("the dead instance was tried, then ejected").isNotEmpty();
        assertThat(lastCallMs)
                .as("no calls to the dead instance after its first failures")
                .isLessThan(500);
    }

    @Test
    void answersEveryGetWhileAnInstanceRefusesConnectionsAndCallsItAgainOnceItIsBack() throws Exception {
        orders.kill(1);
        List<Integer> whileDead = getFor(Duration.ofSeconds(1));
        assertThat(whileDead).as("every GET retried on the live instance").containsOnly(200);

        int before = orders.answered(1);
        orders.revive(1);
        long back = System.nanoTime();
        long deadline = back + Duration.ofMillis(EJECTION_MS + 2000).toNanos();
        while (orders.answered(1) == before && System.nanoTime() < deadline) {
            assertThat(get().statusCode()).isEqualTo(200);
            Thread.sleep(20);
        }
        long tookMs = (System.nanoTime() - back) / 1_000_000;
        System.out.printf(
                "LoadBalancedRoutesIT: %d GETs while an instance refused connections, all %s; it answered again %d"
                        + " ms after it came back (ejection time %d ms)%n",
                whileDead.size(), whileDead.stream().distinct().toList(), tookMs, EJECTION_MS);
        assertThat(orders.answered(1))
                .as("the instance that came back gets calls again")
                .isGreaterThan(before);
    }

    /**
     * POSTs are not retried by the gateway, so those in flight to an instance that dies fail; they are
     * that instance's failure, not the service's, and must not open the route's breaker: killing one
     * of two replicas once opened it, and the live replica's GETs were refused for the open-state wait.
     */
    @Test
    void postsBrokenByADyingInstanceAreAnsweredRetryablyAndLeaveTheRoutesBreakerClosed() {
        CircuitBreaker breaker = breakers.circuitBreaker("orders");
        int failedBefore = breaker.getMetrics().getNumberOfFailedCalls();
        orders.dropConnections(1);

        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            posts.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders"))
                            .header("Authorization", token)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = posts.stream()
                .map(CompletableFuture::join)
                .map(HttpResponse::statusCode)
                .toList();

        System.out.printf(
                "LoadBalancedRoutesIT: 20 POSTs while an instance died: %s; %d calls reached the dead instance;"
                        + " breaker %s%n",
                statuses, orders.dropped(1).size(), breaker.getState());
        assertThat(statuses)
                .as("answered by the live instance, or refused for a retry")
                .isSubsetOf(200, 502, 503);
        assertThat(orders.dropped(1))
                .as("some POSTs were in flight to the dying instance")
                .isNotEmpty();
        assertThat(statuses).contains(200);
        // Round robin sends a POST to the dying instance before anything can eject it: it breaks.
        assertThat(statuses).as("POSTs broken with the instance").containsAnyOf(502, 503);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls())
                .as("broken connections held against the route")
                .isEqualTo(failedBefore);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private List<Integer> getFor(Duration duration) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            statuses.add(get().statusCode());
            Thread.sleep(20);
        }
        return statuses;
    }

    private HttpResponse<String> get() throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders/42"))
                        .header("Authorization", token)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
