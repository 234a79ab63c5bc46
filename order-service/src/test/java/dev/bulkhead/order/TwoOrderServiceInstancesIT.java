package dev.bulkhead.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.http.Eventually;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Two order-service instances on one database and one broker: the test's context and the packaged jar
 * in a JVM of its own. Orders are placed on both; their deadline job and outbox relay run in both.
 */
@TestPropertySource(
        properties = {
            // Long enough that nothing times out while the orders are placed; the test then moves the
            // deadlines of all of them into the past at once, a backlog both sweeps see together.
            "bulkhead.order.saga.deadline=1h",
            "bulkhead.order.saga.sweep-interval=" + TwoOrderServiceInstancesIT.SWEEP_INTERVAL,
            "bulkhead.order.saga.sweep-batch-size=" + TwoOrderServiceInstancesIT.SWEEP_BATCH
        })
@DirtiesContext
class TwoOrderServiceInstancesIT extends RunningOrderService {

    static final String SWEEP_INTERVAL = "100ms";
    static final int SWEEP_BATCH = 5; // small transactions, so the two sweeps take turns on one backlog
    private static final int ORDERS = 80;
    private static final Pattern CANCELLED_LOG = Pattern.compile("Cancelled (\\d+) orders past their saga deadline");

    /** Starts the second instance while this context starts, so the two start-ups overlap. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SecondInstance {

        @Bean
        static BeanFactoryPostProcessor secondInstance() {
            return ServiceProcess.startingWithTheContext(context -> ServiceProcess.jar(
                            ServiceProcess.packagedJar("order-service"))
                    .name("order-service-second")
                    .sameInfrastructureAs(context)
                    .properties(auth.properties())
                    .property("bulkhead.services.inventory", inventory.baseUrl())
                    // The same service: its instances share one consumer group.
                    .property(
                            "spring.kafka.consumer.group-id",
                            context.getBean(Environment.class).getRequiredProperty("spring.kafka.consumer.group-id"))
                    .property("bulkhead.order.saga.deadline", "1h")
                    .property("bulkhead.order.saga.sweep-interval", SWEEP_INTERVAL)
                    .property("bulkhead.order.saga.sweep-batch-size", SWEEP_BATCH));
        }
    }

    @Autowired
    ServiceProcess.Starting secondInstance;

    @Test
    void cancelsEveryExpiredOrderExactlyOnceWhenTwoInstancesSweep() throws Exception {
        ServiceProcess second = secondInstance.await();
        second.printLogTailOnFailure(() -> {
            int cancelledBySecondBefore = cancelledIn(second);
            List<UUID> orders = placeOnBoth(second, ORDERS);

            int overdue = jdbc.update(
                    "UPDATE orders SET deadline = now() - interval '1 second' WHERE status = 'PENDING' AND id = ANY(?::uuid[])",
                    (Object) ids(orders));
            assertThat(overdue).isEqualTo(ORDERS);

            Eventually.within(TIMEOUT)
                    .until(
                            "every expired order cancelled",
                            () -> count(
                                            "SELECT count(*) FROM orders WHERE status = 'CANCELLED' AND id = ANY(?::uuid[])",
                                            (Object) ids(orders))
                                    == ORDERS);
            Map<String, Integer> cancelSteps = countPerOrder(
                    "SELECT order_id::text, count(*) FROM order_step WHERE step = 'CANCELLED' AND order_id = ANY(?::uuid[])"
                            + " GROUP BY order_id",
                    orders);
            Map<String, Integer> cancelEvents = countPerOrder(
                    "SELECT message_key, count(*) FROM bulkhead_outbox WHERE payload::jsonb ->> 'type' = 'OrderCancelled'"
                            + " AND message_key = ANY(?) GROUP BY message_key",
                    orders);
            int bySecond = cancelledIn(second) - cancelledBySecondBefore;
            System.out.printf(
                    "[two instances] %d expired orders: %d cancelled by the test's instance, %d by the second%n",
                    ORDERS, ORDERS - bySecond, bySecond);

            assertThat(cancelSteps)
                    .as("CANCELLED steps per order")
                    .hasSize(ORDERS)
                    .allSatisfy((order, steps) -> assertThat(steps).as(order).isOne());
            assertThat(cancelEvents)
                    .as("OrderCancelled outbox rows per order")
                    .hasSize(ORDERS)
                    .allSatisfy((order, rows) -> assertThat(rows).as(order).isOne());
            assertThat(bySecond).as("orders the second instance cancelled").isBetween(1, ORDERS - 1);
        });
    }

    @Test
    void publishesEveryEventOnceAndInOrderPerOrderWhileTwoRelaysRun() throws Exception {
        ServiceProcess second = secondInstance.await();
        second.printLogTailOnFailure(() -> {
            List<UUID> orders = placeOnBoth(second, ORDERS);
            // The cancellations come from both instances' deadline jobs and go out through both relays,
            // while the OrderCreated of the same orders may still be on their way.
            jdbc.update("UPDATE orders SET deadline = now() - interval '1 second' WHERE id = ANY(?::uuid[])", (Object)
                    ids(orders));

            Map<String, List<ConsumerRecord<String, String>>> published = readOrderEvents(orders, 2);

            assertThat(published).hasSize(ORDERS).allSatisfy((order, records) -> {
                assertThat(records)
                        .as("events of order %s, in the order Kafka holds them", order)
                        .extracting(record ->
                                JSON.readTree(record.value()).path("type").asString())
                        .containsExactly("OrderCreated", "OrderCancelled");
                assertThat(records)
                        .extracting(record ->
                                JSON.readTree(record.value()).path("id").asString())
                        .as("each event published once")
                        .doesNotHaveDuplicates();
            });
        });
    }

    /** Places {@code count} orders, half of them on each instance, from a few clients at once. */
    private List<UUID> placeOnBoth(ServiceProcess second, int count) throws Exception {
        TestHttp first = http();
        TestHttp other = TestHttp.at(second.port());
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<UUID>> placed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                TestHttp instance = i % 2 == 0 ? first : other;
                placed.add(clients.submit(() -> place(instance)));
            }
            List<UUID> orders = new ArrayList<>();
            for (Future<UUID> order : placed) {
                orders.add(order.get());
            }
            return orders;
        }
    }

    private UUID place(TestHttp instance) {
        UUID user = UUID.randomUUID();
        var response = instance.send(instance.request("/api/v1/orders")
                .header("Authorization", "Bearer " + auth.token(user))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body("tok_ok", KEYBOARD, 1))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).path("id").asString());
    }

    /**
     * Every record on order-events keyed by one of {@code orders}, per order in partition order, once
     * each order has {@code each} of them (and a little longer, so a duplicate would be seen too).
     */
    private Map<String, List<ConsumerRecord<String, String>>> readOrderEvents(List<UUID> orders, int each) {
        Set<String> keys = orders.stream().map(UUID::toString).collect(Collectors.toSet());
        Map<String, List<ConsumerRecord<String, String>>> byOrder = new HashMap<>();
        try (Consumer<String, String> consumer = consumers.createConsumer("test-" + UUID.randomUUID(), null)) {
            List<TopicPartition> partitions = consumer.partitionsFor("order-events", Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long settledAt = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settledAt)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        byOrder.computeIfAbsent(record.key(), key -> new ArrayList<>())
                                .add(record);
                    }
                }
                boolean complete = byOrder.size() == keys.size()
                        && byOrder.values().stream().allMatch(records -> records.size() >= each);
                if (complete && settledAt == Long.MAX_VALUE) {
                    settledAt = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return byOrder;
    }

    private Map<String, Integer> countPerOrder(String sql, List<UUID> orders) {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query(
                sql,
                rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                },
                (Object) ids(orders));
        return counts;
    }

    private static String[] ids(List<UUID> orders) {
        return orders.stream().map(UUID::toString).toArray(String[]::new);
    }

    /** How many orders the second instance's deadline job says it cancelled so far. */
    private static int cancelledIn(ServiceProcess second) throws IOException {
        int total = 0;
        for (String line : Files.readAllLines(second.log())) {
            Matcher matcher = CANCELLED_LOG.matcher(line);
            if (matcher.find()) {
                total += Integer.parseInt(matcher.group(1));
            }
        }
        return total;
    }
}
