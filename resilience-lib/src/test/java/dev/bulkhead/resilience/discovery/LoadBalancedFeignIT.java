package dev.bulkhead.resilience.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.http.Replicas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * A Feign client without {@code url} against two real instances listed in
 * {@code bulkhead.services.inventory}: calls are spread over both; one that dies mid-call or refuses
 * connections costs no GET an error (resilience-lib's retry goes to the other instance), stops getting
 * calls at once and gets them again once it is back. The figures are printed.
 */
@SpringBootTest(
        classes = LoadBalancedFeignIT.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.application.name=load-balanced-feign-it",
            "bulkhead.security.enabled=false",
            "bulkhead.database.name=unused",
            "management.endpoint.health.group.readiness.include=readinessState",
            "bulkhead.load-balancing.ejection-time=" + LoadBalancedFeignIT.EJECTION_MS + "ms",
            "bulkhead.resilience.downstreams.default.retry.initial-backoff=10ms",
            "bulkhead.resilience.downstreams.default.retry.max-backoff=20ms",
            "spring.autoconfigure.exclude="
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                    + "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,"
                    + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                    + "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
                    + "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration"
        })
class LoadBalancedFeignIT {

    static final long EJECTION_MS = 2000;

    private static final Replicas inventory = Replicas.start(2);

    @Autowired
    InventoryClient client;

    @Autowired
    ServiceCalls calls;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("bulkhead.services.inventory", inventory::urls);
    }

    @AfterAll
    static void stop() {
        inventory.close();
    }

    @BeforeEach
    void bothInstancesUp() throws Exception {
        inventory.revive(0);
        inventory.revive(1);
        Thread.sleep(EJECTION_MS + 100); // an instance ejected by an earlier test is back
        for (int i = 0; i < 4; i++) {
            client.products();
        }
    }

    @Test
    void spreadsCallsOverBothInstancesInTurn() {
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answeredBy.add(client.products());
        }

        long by0 = answeredBy.stream().filter("0"::equals).count();
        System.out.printf(
                "LoadBalancedFeignIT: 20 calls, %d answered by instance 0, %d by instance 1%n", by0, 20 - by0);
        assertThat(answeredBy).containsOnly("0", "1");
        assertThat(by0).as("round robin").isBetween(9L, 11L);
    }

    /**
     * The JWKS fetch and the revocation poll call through {@link ServiceCalls}: each attempt must get a
     * base URL it can call (a scheme-less one failed every call of the dev stack's token checks).
     */
    @Test
    void serviceCallsGetEachInstancesBaseUrlAndReachBoth() throws Exception {
        var http = dev.bulkhead.testsupport.http.TestHttp.newClient();
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answeredBy.add(calls.call("inventory", baseUrl -> {
                try {
                    return http.send(
                                    java.net.http.HttpRequest.newBuilder(baseUrl.resolve("/api/v1/products"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                            .body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.IOException(e);
                }
            }));
        }

        assertThat(answeredBy).containsOnly("0", "1").contains("0", "1");
    }

    @Test
    void answersEveryGetWhileAnInstanceDiesMidCallAndStopsCallingItAtOnce() throws Exception {
        inventory.dropConnections(1);
        long died = System.nanoTime();

        List<String> answers = callFor(EJECTION_MS / 2);

        List<Long> dropped = inventory.dropped(1);
        long lastCallMs = dropped.isEmpty() ? 0 : (dropped.getLast() - died) / 1_000_000;
        System.out.printf(
                "LoadBalancedFeignIT: instance died; %d GETs all answered by %s; %d calls reached the dead"
                        + " instance, the last %d ms after it died%n",
                answers.size(), answers.stream().distinct().toList(), dropped.size(), lastCallMs);
        assertThat(answers).as("every GET retried on the live instance").containsOnly("0");
        assertThat(dropped).as("the dead instance was tried, then ejected").isNotEmpty();
        assertThat(lastCallMs)
                .as("no calls to the dead instance after its first failure")
                .isLessThan(500);
    }

    @Test
    void answersEveryGetWhileAnInstanceRefusesConnectionsAndCallsItAgainOnceItIsBack() throws Exception {
        inventory.kill(1);
        List<String> whileDead = callFor(1000);
        assertThat(whileDead).as("every GET retried on the live instance").containsOnly("0");

        int before = inventory.answered(1);
        inventory.revive(1);
        long back = System.nanoTime();
        long deadline = back + (EJECTION_MS + 2000) * 1_000_000;
        while (inventory.answered(1) == before && System.nanoTime() < deadline) {
            client.products();
            Thread.sleep(20);
        }
        long tookMs = (System.nanoTime() - back) / 1_000_000;
        System.out.printf(
                "LoadBalancedFeignIT: %d GETs while an instance refused connections, all answered; it answered"
                        + " again %d ms after it came back (ejection time %d ms)%n",
                whileDead.size(), tookMs, EJECTION_MS);
        assertThat(inventory.answered(1))
                .as("the instance that came back gets calls again")
                .isGreaterThan(before);
    }

    private List<String> callFor(long millis) throws InterruptedException {
        List<String> answers = new ArrayList<>();
        long until = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < until) {
            answers.add(client.products());
            Thread.sleep(20);
        }
        return answers;
    }

    @FeignClient(name = "inventory")
    interface InventoryClient {
        @GetMapping("/api/v1/products")
        String products();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableFeignClients(clients = InventoryClient.class)
    static class App {}
}
