package dev.bulkhead.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bulkhead.testsupport.RunningService;
import dev.bulkhead.testsupport.http.Eventually;
import dev.bulkhead.testsupport.process.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two payment-service instances, the test's context and the packaged jar in a JVM of its own, sweep
 * one database at the same time. Each talks to its own provider simulator, so the two journals
 * together show every charge that was sent and which instance sent it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulkhead.payment.charges.sweep-interval=" + TwoInstancesChargingIT.SWEEP_INTERVAL,
            "bulkhead.payment.charges.sweep-batch=" + TwoInstancesChargingIT.SWEEP_BATCH
        })
@DirtiesContext
class TwoInstancesChargingIT extends RunningService {

    static final String SWEEP_INTERVAL = "200ms";
    static final int SWEEP_BATCH = 10; // small batches, so the two sweeps take turns on one backlog
    private static final int PAYMENTS = 200;
    private static final int PROVIDER_DELAY_MILLIS = 40; // calls overlap the other instance's sweeps

    private static final WireMockServer firstProvider = ProviderSimulator.start();
    private static final WireMockServer secondProvider = ProviderSimulator.start();

    /** Starts the second instance while this context starts, so the two start-ups overlap. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SecondInstance {

        @Bean
        static BeanFactoryPostProcessor secondInstance() {
            return ServiceProcess.startingWithTheContext(
                    context -> ServiceProcess.jar(ServiceProcess.packagedJar("payment-service"))
                            .name("payment-service-second")
                            .sameInfrastructureAs(context)
                            .properties(auth.properties())
                            .property("bulkhead.clients.payment-provider.url", secondProvider.baseUrl())
                            .property("bulkhead.payment.charges.sweep-interval", SWEEP_INTERVAL)
                            .property("bulkhead.payment.charges.sweep-batch", SWEEP_BATCH));
        }
    }

    @Autowired
    ServiceProcess.Starting secondInstance;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) {
        registry.add("bulkhead.clients.payment-provider.url", firstProvider::baseUrl);
    }

    @AfterAll
    static void stopProviders() {
        firstProvider.stop();
        secondProvider.stop();
    }

    @Test
    void twoInstancesSweepingOneBacklogChargeEveryPaymentExactlyOnce() throws Exception {
        firstProvider.setGlobalFixedDelay(PROVIDER_DELAY_MILLIS);
        secondProvider.setGlobalFixedDelay(PROVIDER_DELAY_MILLIS);
        try {
            ServiceProcess second = secondInstance.await();
            second.printLogTailOnFailure(() -> {
                List<UUID> orders = insertOverdueCharges(PAYMENTS);

                Eventually.within(Duration.ofSeconds(40))
                        .until("every overdue charge settled", () -> charged() == PAYMENTS);

                Map<String, Long> first = chargesByOrder(firstProvider);
                Map<String, Long> other = chargesByOrder(secondProvider);
                Map<String, Long> all = Stream.of(first, other)
                        .flatMap(map -> map.entrySet().stream())
                        .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.summingLong(Map.Entry::getValue)));
                System.out.printf(
                        "[two instances] %d overdue charges: %d sent by the test's instance, %d by the second%n",
                        PAYMENTS, first.size(), other.size());
                assertThat(all)
                        .as("charge requests per order, both providers together")
                        .containsOnlyKeys(orders.stream().map(UUID::toString).toList())
                        .allSatisfy((order, requests) ->
                                assertThat(requests).as(order).isOne());
                assertThat(first).as("charges sent by the test's instance").isNotEmpty();
                assertThat(other).as("charges sent by the second instance").isNotEmpty();
                assertThat(jdbc.queryForObject("""
                                SELECT count(DISTINCT message_key) FROM bulkhead_outbox
                                WHERE payload::jsonb ->> 'type' = 'PaymentSucceeded'""", Long.class)).isEqualTo(PAYMENTS);
                assertThat(jdbc.queryForObject(
                                "SELECT count(*) FROM bulkhead_outbox WHERE payload::jsonb ->> 'type' = 'PaymentSucceeded'",
                                Long.class))
                        .as("one PaymentSucceeded per payment")
                        .isEqualTo(PAYMENTS);
            });
        } finally {
            firstProvider.setGlobalFixedDelay(0);
            secondProvider.setGlobalFixedDelay(0);
        }
    }

    /** Charges requested an hour ago by an instance that died: their leases ran out long since. */
    private List<UUID> insertOverdueCharges(int count) {
        List<UUID> orders =
                IntStream.range(0, count).mapToObj(i -> UUID.randomUUID()).toList();
        jdbc.batchUpdate("""
                INSERT INTO payment (id, order_id, user_id, amount_minor, currency, payment_token, status,
                    order_created_at, stock_reserved_at, charge_requested_at, provider_call_at, provider_lease,
                    created_at, updated_at)
                VALUES (gen_random_uuid(), ?, gen_random_uuid(), 1250, 'EUR', 'tok_ok', 'CHARGE_REQUESTED',
                    now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour',
                    now() - interval '1 hour', gen_random_uuid(), now() - interval '1 hour', now() - interval '1 hour')""", orders.stream().map(order -> new Object[] {order}).toList());
        return orders;
    }

    private long charged() {
        Long charged = jdbc.queryForObject("SELECT count(*) FROM payment WHERE status = 'CHARGED'", Long.class);
        return charged == null ? 0 : charged;
    }

    private static Map<String, Long> chargesByOrder(WireMockServer provider) {
        return provider.findAll(postRequestedFor(urlEqualTo("/v1/charges"))).stream()
                .map(TwoInstancesChargingIT::reference)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static String reference(LoggedRequest request) {
        JsonNode body = SagaEvents.JSON.readTree(request.getBodyAsString());
        return body.path("reference").asString();
    }
}
