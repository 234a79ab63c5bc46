package dev.bulkhead.resilience.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.localservers.LocalPorts;
import dev.bulkhead.localservers.TcpProxy;
import dev.bulkhead.resilience.http.DownstreamTimeouts;
import dev.bulkhead.testsupport.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The outbox against real Postgres and Kafka: atomic with the state change, relayed without loss, in order. */
class OutboxIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        app = OutboxHarness.start(OutboxHarness.newDatabase(), OutboxHarness.kafka());
        jdbc(app).execute("CREATE TABLE widget (id UUID PRIMARY KEY, name TEXT NOT NULL)");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theEventCommitsWithTheStateChange() {
        String topic = "widgets-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();

        inTransaction(app, () -> createWidget(app, topic, id, "committed"));

        assertThat(count(app, "SELECT count(*) FROM widget WHERE id = ?", id)).isOne();
        assertThat(count(app, "SELECT count(*) FROM bulkhead_outbox WHERE message_key = ?", id.toString()))
                .isOne();
    }

    @Test
    void theEventRollsBackWithTheStateChange() {
        String topic = "widgets-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> inTransaction(app, () -> {
                    createWidget(app, topic, id, "rolled back");
                    throw new IllegalStateException("the business rule says no");
                }))
                .hasMessageContaining("says no");

        assertThat(count(app, "SELECT count(*) FROM widget WHERE id = ?", id)).isZero();
        assertThat(count(app, "SELECT count(*) FROM bulkhead_outbox WHERE message_key = ?", id.toString()))
                .isZero();
    }

    @Test
    void refusesToAppendOutsideATransaction() {
        assertThatThrownBy(() ->
                        app.getBean(Outbox.class).append("widgets", "WidgetCreated", 1, "w-1", Map.of("name", "loose")))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void relaysPendingEventsInTheirEnvelopeAndMarksThemPublished() {
        String topic = "widgets-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();

        inTransaction(app, () -> createWidget(app, topic, id, "relayed"));

        List<ConsumerRecord<String, String>> records = OutboxHarness.read(topic, 1, TIMEOUT);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, String> record = records.getFirst();
        assertThat(record.key()).isEqualTo(id.toString());
        JsonNode envelope = JSON.readTree(record.value());
        assertThat(envelope.get("type").asString()).isEqualTo("WidgetCreated");
        assertThat(envelope.get("version").asInt()).isEqualTo(1);
        assertThat(envelope.get("source").asString()).isEqualTo("outbox-test");
        assertThat(envelope.get("subject").asString()).isEqualTo(id.toString());
        assertThat(UUID.fromString(envelope.get("id").asString())).isNotNull();
        assertThat(envelope.get("time").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(envelope.get("data").get("name").asString()).isEqualTo("relayed");
        await(() -> count(
                        app,
                        "SELECT count(*) FROM bulkhead_outbox WHERE message_key = ? AND published_at IS NOT NULL",
                        id.toString())
                == 1);
    }

    @Test
    void keepsTheOrderOfEachKey() throws Exception {
        String topic = "widgets-" + UUID.randomUUID();
        OutboxHarness.createTopic(topic, 3);
        List<String> keys = List.of("a", "b", "c", "d", "e");
        for (int sequence = 0; sequence < 20; sequence++) {
            for (String key : keys) {
                int n = sequence;
                inTransaction(
                        app,
                        () -> app.getBean(Outbox.class).append(topic, "WidgetRenamed", 1, key, Map.of("sequence", n)));
            }
        }

        List<ConsumerRecord<String, String>> records = OutboxHarness.read(topic, 100, TIMEOUT);

        assertThat(records).hasSize(100);
        Map<String, List<Integer>> seen = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            assertThat(record.key())
                    .as("the record key is the envelope's subject")
                    .isEqualTo(JSON.readTree(record.value()).get("subject").asString());
            seen.computeIfAbsent(record.key(), k -> new ArrayList<>())
                    .add(JSON.readTree(record.value())
                            .get("data")
                            .get("sequence")
                            .asInt());
        }
        List<Integer> expected = java.util.stream.IntStream.range(0, 20).boxed().toList();
        keys.forEach(
                key -> assertThat(seen.get(key)).as("events of key %s", key).isEqualTo(expected));
    }

    @Test
    void publishesWhatWasAppendedWhileKafkaWasUnreachableOnceItIsBack() throws Exception {
        String topic = "widgets-" + UUID.randomUUID();
        OutboxHarness.createTopic(topic, 1);
        int port = LocalPorts.free(); // nothing listens there yet: Kafka is "down"
        try (ConfigurableApplicationContext down =
                OutboxHarness.start(OutboxHarness.newDatabase(), "127.0.0.1:" + port)) {
            for (int i = 0; i < 3; i++) {
                int n = i;
                inTransaction(
                        down,
                        () -> down.getBean(Outbox.class).append(topic, "WidgetRenamed", 1, "w", Map.of("sequence", n)));
            }
            await(() -> count(down, "SELECT count(*) FROM bulkhead_outbox WHERE attempts > 0", null) > 0);
            assertThat(count(down, "SELECT count(*) FROM bulkhead_outbox WHERE published_at IS NULL", null))
                    .as("nothing is marked published while Kafka is unreachable")
                    .isEqualTo(3);
            var backlog = down.getBean(MeterRegistry.class)
                    .get(OutboxAutoConfiguration.BACKLOG)
                    .gauge();
            assertThat(backlog.value()).as("the backlog an operator sees").isEqualTo(3);
            assertThat(down.getBean(MeterRegistry.class)
                            .find(DownstreamTimeouts.METER)
                            .tag("downstream", "kafka")
                            .tag("operation", "send " + topic)
                            .counter())
                    .as("deliveries that timed out, counted")
                    .isNotNull()
                    .satisfies(counter -> assertThat(counter.count()).isPositive());

            String[] broker = OutboxHarness.kafka().split(",")[0].split(":");
            try (TcpProxy back = TcpProxy.open(port, broker[0], Integer.parseInt(broker[1]))) {
                await(() -> count(down, "SELECT count(*) FROM bulkhead_outbox WHERE published_at IS NULL", null) == 0);
            }
            assertThat(backlog.value()).isZero();
        }

        List<ConsumerRecord<String, String>> records = OutboxHarness.read(topic, 3, TIMEOUT);
        assertThat(records.stream()
                        .map(r -> JSON.readTree(r.value())
                                .get("data")
                                .get("sequence")
                                .asInt())
                        .distinct())
                .containsExactly(0, 1, 2);
    }

    @Test
    void aRestartedRelayPublishesWhatThePreviousInstanceLeft() {
        String topic = "widgets-" + UUID.randomUUID();
        Infrastructure.Database db = OutboxHarness.newDatabase();
        try (ConfigurableApplicationContext first =
                OutboxHarness.start(db, OutboxHarness.kafka(), "bulkhead.outbox.relay-enabled=false")) {
            inTransaction(
                    first,
                    () -> first.getBean(Outbox.class)
                            .append(topic, "WidgetCreated", 1, "left-behind", Map.of("name", "left behind")));
            assertThat(count(first, "SELECT count(*) FROM bulkhead_outbox WHERE published_at IS NULL", null))
                    .isOne();
        } // the first instance goes away with the event still pending

        try (ConfigurableApplicationContext second = OutboxHarness.start(db, OutboxHarness.kafka())) {
            List<ConsumerRecord<String, String>> records = OutboxHarness.read(topic, 1, TIMEOUT);
            assertThat(records).hasSize(1);
            assertThat(records.getFirst().key()).isEqualTo("left-behind");
            await(() -> count(second, "SELECT count(*) FROM bulkhead_outbox WHERE published_at IS NULL", null) == 0);
        }
    }

    private static void createWidget(ConfigurableApplicationContext context, String topic, UUID id, String name) {
        jdbc(context).update("INSERT INTO widget (id, name) VALUES (?, ?)", id, name);
        context.getBean(Outbox.class).append(topic, "WidgetCreated", 1, id.toString(), Map.of("name", name));
    }

    private static void inTransaction(ConfigurableApplicationContext context, Runnable work) {
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .executeWithoutResult(s -> work.run());
    }

    private static JdbcTemplate jdbc(ConfigurableApplicationContext context) {
        return context.getBean(JdbcTemplate.class);
    }

    private static int count(ConfigurableApplicationContext context, String sql, Object argument) {
        Integer count = argument == null
                ? jdbc(context).queryForObject(sql, Integer.class)
                : jdbc(context).queryForObject(sql, Integer.class, argument);
        return count == null ? 0 : count;
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", TIMEOUT).isLessThan(deadline);
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
