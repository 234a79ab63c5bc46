package dev.bulkhead.resilience.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.Infrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumers of one group come and go while events flow, on a real broker and database: a 3-partition
 * topic, 2,000 events of 40 aggregates, read through the real {@link EventDispatchers} path with its
 * claims in Postgres by consumer instances that are separate application contexts. One joins
 * mid-stream; one stalls past {@code max.poll.interval.ms} holding effects whose offsets it has not
 * committed (as a consumer does that hangs or crashes), so the group takes its partitions away and they
 * are delivered again to another; one leaves and another joins. Every event must be applied exactly
 * once, every redelivery skipped by its claim, and each aggregate's events applied in order.
 */
class ConsumerRebalanceIT {

    private static final int EVENTS = 2_000;
    private static final int AGGREGATES = 40;
    private static final int PARTITIONS = 3;
    /** Events sent ahead of those applied: a backlog on every partition whenever the group changes. */
    private static final int WINDOW = 300;

    /** Where the producer waits for the last instance to join: a third of the stream is still to come. */
    private static final int HOLD_AT = 1_400;

    private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(4);
    /** Long enough for the group to evict the stalled consumer and another to redeliver its records. */
    private static final Duration STALL = MAX_POLL_INTERVAL.plusSeconds(8);

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Deliveries per record (partition@offset), across all instances. */
    static final Map<String, Integer> deliveries = new ConcurrentHashMap<>();

    static final AtomicInteger applied = new AtomicInteger();
    /** The instance whose next record stalls, once. */
    static final AtomicReference<String> stallNext = new AtomicReference<>();

    static final CountDownLatch stalled = new CountDownLatch(1);

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stopInstances() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void appliesEveryEventExactlyOnceAndInOrderPerKeyWhileConsumersJoinStallAndLeave() throws Exception {
        Infrastructure.Database db = Infrastructure.get().postgres().createDatabase();
        String kafka = Infrastructure.get().kafka().bootstrapServers();
        String topic = "rebalance-it-" + UUID.randomUUID();
        String group = "rebalance-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)))
                    .all()
                    .get();
        }
        long started = System.nanoTime();

        var first = start("first", db, kafka, topic, group);
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        Producing producing = new Producing(kafka, topic, applied::get);
        Thread producer =
                Thread.ofPlatform().daemon().name("rebalance-it-producer").start(producing);

        awaitApplied(300);
        var second = start("second", db, kafka, topic, group); // joins: the first gives up partitions

        awaitApplied(700);
        stallNext.set("first"); // evicted with effects whose offsets are not committed
        assertThat(stalled.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("the first instance stalled")
                .isTrue();

        awaitRedelivery(); // to the second, the only other instance: its claim skips what the first applied
        awaitApplied(1_300);
        // The producer holds at HOLD_AT until the third has started, so that it joins with events left.
        var third = start("third", db, kafka, topic, group); // joins
        producing.release();
        MeterRegistry secondsMeters = second.getBean(MeterRegistry.class); // meters are per context
        second.close(); // leaves
        instances.remove(second);
        double duplicates = duplicatesSkipped(secondsMeters);

        producer.join(TIMEOUT.toMillis());
        assertThat(producing.sent()).as("events sent").isEqualTo(EVENTS);
        awaitApplied(EVENTS);
        Thread.sleep(2_000); // anything applied twice would show up now
        double seconds = (System.nanoTime() - started) / 1e9;

        Integer effects = jdbc.queryForObject("select count(*) from rebalance_effect", Integer.class);
        Integer distinct = jdbc.queryForObject("select count(distinct event_id) from rebalance_effect", Integer.class);
        int delivered = deliveries.values().stream().mapToInt(Integer::intValue).sum();
        long redeliveredRecords =
                deliveries.values().stream().filter(count -> count > 1).count();
        duplicates += duplicatesSkipped(first.getBean(MeterRegistry.class))
                + duplicatesSkipped(third.getBean(MeterRegistry.class));
        Map<String, Integer> byInstance = new LinkedHashMap<>();
        jdbc.query("select instance, count(*) from rebalance_effect group by instance order by instance", rs -> {
            byInstance.put(rs.getString(1), rs.getInt(2));
        });
        List<String> outOfOrder = new ArrayList<>();
        for (int aggregate = 0; aggregate < AGGREGATES; aggregate++) {
            List<Integer> steps = jdbc.queryForList(
                    "select step from rebalance_effect where aggregate = ? order by seq",
                    Integer.class,
                    "aggregate-" + aggregate);
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i) != i) {
                    outOfOrder.add("aggregate-" + aggregate + ": " + steps);
                    break;
                }
            }
        }
        System.out.printf(
                "ConsumerRebalanceIT: %d events, %d partitions, instances joined/stalled/left; %d deliveries,"
                        + " %d records delivered more than once, %.0f skipped by their claim"
                        + " (bulkhead.consumer.events.duplicate); effects %d (%d distinct), by instance %s;"
                        + " aggregates out of order: %d; %.1f s%n",
                EVENTS,
                PARTITIONS,
                delivered,
                redeliveredRecords,
                duplicates,
                effects,
                distinct,
                byInstance,
                outOfOrder.size(),
                seconds);

        assertThat(effects).as("one effect per event").isEqualTo(EVENTS);
        assertThat(distinct).as("no event applied twice").isEqualTo(EVENTS);
        assertThat(redeliveredRecords)
                .as("records the stalled instance had applied without committing, delivered again")
                .isPositive();
        // A delivery beyond the first is either skipped by the claim (and counted) or abandoned before its
        // transaction committed (an instance leaving mid-record): never applied, as the two checks above say.
        // The stalled record itself was applied before its redelivery, so at least one skip is certain.
        assertThat(duplicates)
                .as("deliveries beyond the first that the claim skipped, and counted")
                .isBetween(1.0, (double) (delivered - EVENTS));
        assertThat(outOfOrder)
                .as("aggregates whose events were applied out of order")
                .isEmpty();
        assertThat(byInstance.keySet())
                .as("every instance applied a share")
                .containsExactly("first", "second", "third");
    }

    private static double duplicatesSkipped(MeterRegistry meters) {
        return meters.find(EventDispatchers.DUPLICATE_EVENTS).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private ConfigurableApplicationContext start(
            String instance, Infrastructure.Database db, String kafka, String topic, String group) {
        List<String> properties = List.of(
                "spring.application.name=rebalance-it",
                "rebalance.instance=" + instance,
                "rebalance.topic=" + topic,
                "rebalance.group=" + group,
                "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + db.username(),
                "spring.datasource.password=" + db.password(),
                "spring.kafka.bootstrap-servers=" + kafka,
                // One record per poll, offsets committed every 50 records: a consumer that stalls holds up to
                // 50 applied records whose offsets the group does not know, and nothing it has not begun.
                "spring.kafka.consumer.max-poll-records=1",
                "spring.kafka.listener.ack-mode=count",
                "spring.kafka.listener.ack-count=50",
                "spring.kafka.consumer.properties.max.poll.interval.ms=" + MAX_POLL_INTERVAL.toMillis(),
                "bulkhead.outbox.relay-enabled=false",
                "management.tracing.export.otlp.enabled=false");
        var context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
        instances.add(context);
        return context;
    }

    private static void awaitRedelivery() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (deliveries.values().stream().noneMatch(count -> count > 1)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no record the stalled instance held was delivered again within " + TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void awaitApplied(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (applied.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "only " + applied.get() + " of " + count + " events applied within " + TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Sends the events in order, at most {@link #WINDOW} ahead of those applied, holding at {@link #HOLD_AT}. */
    static final class Producing implements Runnable {

        private final String kafka;
        private final String topic;
        private final IntSupplier appliedSoFar;
        private final AtomicInteger sent = new AtomicInteger();
        private final CountDownLatch released = new CountDownLatch(1);

        Producing(String kafka, String topic, IntSupplier appliedSoFar) {
            this.kafka = kafka;
            this.topic = topic;
            this.appliedSoFar = appliedSoFar;
        }

        int sent() {
            return sent.get();
        }

        void release() {
            released.countDown();
        }

        @Override
        public void run() {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < EVENTS; i++) {
                    if (i == HOLD_AT) {
                        released.await();
                    }
                    while (i - appliedSoFar.getAsInt() > WINDOW) {
                        TimeUnit.MILLISECONDS.sleep(5);
                    }
                    String aggregate = "aggregate-" + (i % AGGREGATES);
                    producer.send(
                            new ProducerRecord<>(topic, aggregate, StepListener.event(aggregate, i / AGGREGATES)));
                    sent.incrementAndGet();
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(StepListener.class)
    static class App {}

    /** A listener as services write them: a record bound to (type, version), a handler, the dispatcher. */
    static class StepListener {

        record Step(String aggregate, int step) {}

        private final String instance;
        private final EventDispatcher dispatcher;
        private final AtomicBoolean stalledOnce = new AtomicBoolean();

        StepListener(EventDispatchers dispatchers, JdbcTemplate jdbc, @Value("${rebalance.instance}") String instance) {
            this.instance = instance;
            jdbc.execute(
                    "create table if not exists rebalance_effect (seq bigserial primary key, event_id uuid not null,"
                            + " aggregate text not null, step int not null, instance text not null)");
            this.dispatcher = dispatchers
                    .forConsumer("rebalance-it")
                    .on("Step", 1, Step.class, event -> {
                        jdbc.update(
                                "insert into rebalance_effect (event_id, aggregate, step, instance) values (?, ?, ?, ?)",
                                event.id(),
                                event.data().aggregate(),
                                event.data().step(),
                                instance);
                        applied.incrementAndGet();
                    })
                    .build();
        }

        static String event(String aggregate, int step) {
            return """
                    {"id":"%s","type":"Step","version":1,"source":"rebalance-it","time":"2026-12-04T10:00:00Z",
                     "subject":"%s","data":{"aggregate":"%s","step":%d}}""".formatted(UUID.randomUUID(), aggregate, aggregate, step);
        }

        @KafkaListener(topics = "${rebalance.topic}", groupId = "${rebalance.group}")
        void on(ConsumerRecord<String, String> record) throws InterruptedException {
            deliveries.merge(record.partition() + "@" + record.offset(), 1, Integer::sum);
            dispatcher.dispatch(record);
            if (instance.equals(stallNext.get()) && stalledOnce.compareAndSet(false, true)) {
                // Hangs after this record's transaction, before its offset is committed: the group evicts it
                // after max.poll.interval.ms and this record, at least, is delivered again with its effect
                // already applied, so the claim must skip it.
                stalled.countDown();
                Thread.sleep(STALL.toMillis());
            }
        }
    }
}
