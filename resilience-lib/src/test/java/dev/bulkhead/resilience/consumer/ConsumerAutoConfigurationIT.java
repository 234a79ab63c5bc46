package dev.bulkhead.resilience.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every service's listeners get from resilience-lib, against a real broker and database:
 * bounded retries, then the dead-letter topic — never log-and-skip — and one effect per event id.
 */
@RealInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.application.name=consumer-it",
            "bulkhead.database.name=unused",
            "bulkhead.consumer.initial-backoff=50ms",
            "bulkhead.consumer.retries=3"
        })
class ConsumerAutoConfigurationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    ConsumerFactory<String, String> consumers;

    @Autowired
    Listener listener;

    @Autowired
    ProcessedEvents processed;

    @Autowired
    TypedListener typed;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void sendsAnUnreadableEventToTheDeadLetterTopicAtOnceAndGoesOnWithTheNext() throws Exception {
        double deadBefore = deadLettered();
        kafka.send(Listener.TOPIC, "k", "poison:not json").get();
        kafka.send(Listener.TOPIC, "k", "ok:after-poison").get();

        var dead = readOne(Listener.TOPIC + ".DLT", record -> record.value().equals("poison:not json"));
        assertThat(dead.headers().lastHeader("kafka_dlt-exception-fqcn").value())
                .asString()
                .contains("ListenerExecutionFailedException");
        awaitTrue(() -> listener.applied().contains("ok:after-poison"));
        assertThat(listener.attempts("poison:not json"))
                .as("a malformed event is never retried")
                .isOne();
        assertThat(deadLettered() - deadBefore).as("dead letters counted").isGreaterThanOrEqualTo(1);
    }

    private double deadLettered() {
        var counter = meters.find(ConsumerAutoConfiguration.DEAD_LETTERS)
                .tag("topic", Listener.TOPIC)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void retriesATransientFailureAndAppliesTheEventOnce() throws Exception {
        kafka.send(Listener.TOPIC, "k", "flaky:2").get();

        awaitTrue(() -> listener.applied().contains("flaky:2"));
        assertThat(listener.attempts("flaky:2")).isEqualTo(3);
    }

    @Test
    void givesUpAfterTheBoundedRetriesAndKeepsTheRecordInTheDeadLetterTopic() throws Exception {
        kafka.send(Listener.TOPIC, "k", "flaky:99").get();

        readOne(Listener.TOPIC + ".DLT", record -> record.value().equals("flaky:99"));
        assertThat(listener.attempts("flaky:99"))
                .as("first attempt + 3 retries")
                .isEqualTo(4);
        assertThat(listener.applied()).doesNotContain("flaky:99");
    }

    @Test
    void appliesAnEventOnceHoweverOftenItIsDelivered() throws Exception {
        String id = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++)
            kafka.send(Listener.TOPIC, "k", "event:" + id).get();
        kafka.send(Listener.TOPIC, "k", "ok:after-" + id).get();

        awaitTrue(() -> listener.applied().contains("ok:after-" + id));
        assertThat(jdbc.queryForObject(
                        "select count(*) from consumer_it_effect where event_id = ?::uuid", Integer.class, id))
                .isOne();
    }

    @Test
    void claimsAnEventIdOnlyOnceAndOnlyInsideATransaction() {
        UUID id = UUID.randomUUID();

        assertThat(claimed("c", id)).isTrue();
        assertThat(claimed("c", id)).isFalse();
        assertThat(claimed("another-effect", id)).isTrue();
        assertThatThrownBy(() -> processed.claim("c", UUID.randomUUID()))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void forgetsTheClaimWhenTheEffectRollsBack() {
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                    processed.claim("c", id);
                    throw new IllegalStateException("effect failed");
                }))
                .hasMessage("effect failed");

        assertThat(claimed("c", id)).isTrue();
    }

    @Test
    void dispatchesTypedEventsOnceAndDeadLettersAnUnboundVersionWithoutRetrying() throws Exception {
        UUID thing = UUID.randomUUID();
        String newer = TypedListener.event(UUID.randomUUID(), 2, thing);
        String current = TypedListener.event(UUID.randomUUID(), 1, thing);
        kafka.send(TypedListener.TOPIC, "k", newer).get();
        kafka.send(TypedListener.TOPIC, "k", current).get();
        kafka.send(TypedListener.TOPIC, "k", current).get();
        String after = TypedListener.event(UUID.randomUUID(), 1, UUID.randomUUID());
        kafka.send(TypedListener.TOPIC, "k", after).get();

        var dead =
                readOne(TypedListener.TOPIC + ".DLT", record -> record.value().equals(newer));
        assertThat(dead.headers().lastHeader("kafka_dlt-exception-cause-fqcn").value())
                .asString()
                .isEqualTo(UnsupportedEventVersion.class.getName());
        awaitTrue(() -> typed.deliveries(after) == 1);
        assertThat(typed.deliveries(newer))
                .as("an unbound version is never retried")
                .isOne();
        assertThat(jdbc.queryForObject(
                        "select count(*) from consumer_it_thing where thing_id = ?", Integer.class, thing))
                .as("the redelivered v1 event applied once, the v2 one not at all")
                .isOne();
    }

    private boolean claimed(String consumer, UUID id) {
        return Boolean.TRUE.equals(transactions.execute(status -> processed.claim(consumer, id)));
    }

    private ConsumerRecord<String, String> readOne(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return Topics.readingWith(consumers, TIMEOUT).first(topic, wanted);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + TIMEOUT);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @SpringBootApplication
    @Import({Listener.class, TypedListener.class})
    static class ConsumerApp {}

    /** A listener as a service writes one: claim, effect, same transaction. */
    static class Listener {

        static final String TOPIC = "consumer-it-events";

        // Read through methods: the @Transactional proxy the test is given has no state of its own.
        private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
        private final List<String> applied = new CopyOnWriteArrayList<>();
        private final ProcessedEvents processed;
        private final JdbcTemplate jdbc;

        Listener(ProcessedEvents processed, JdbcTemplate jdbc) {
            this.processed = processed;
            this.jdbc = jdbc;
            jdbc.execute("create table if not exists consumer_it_effect (event_id uuid not null)");
        }

        List<String> applied() {
            return applied;
        }

        Integer attempts(String value) {
            return attempts.get(value);
        }

        @KafkaListener(topics = TOPIC, groupId = "consumer-it")
        @Transactional
        void on(String value) {
            int attempt = attempts.merge(value, 1, Integer::sum);
            String[] parts = value.split(":", 2);
            switch (parts[0]) {
                case "poison" -> throw new MalformedEvent("not an event: " + parts[1]);
                case "flaky" -> {
                    if (attempt <= Integer.parseInt(parts[1])) {
                        throw new IllegalStateException("transient failure " + attempt);
                    }
                }
                case "event" -> {
                    if (!processed.claim("consumer-it", UUID.fromString(parts[1]))) return;
                    jdbc.update("insert into consumer_it_effect (event_id) values (?::uuid)", parts[1]);
                }
                default -> {}
            }
            applied.add(value);
        }
    }

    /** A listener as services write them now: a record, a handler, and the dispatcher. */
    static class TypedListener {

        static final String TOPIC = "consumer-it-typed-events";

        record Thing(UUID thingId) {}

        private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        private final EventDispatcher dispatcher;

        TypedListener(EventDispatchers dispatchers, JdbcTemplate jdbc) {
            jdbc.execute("create table if not exists consumer_it_thing (thing_id uuid not null)");
            this.dispatcher = dispatchers
                    .forConsumer("consumer-it.things")
                    .on(
                            "Thing",
                            1,
                            Thing.class,
                            event -> jdbc.update(
                                    "insert into consumer_it_thing (thing_id) values (?)",
                                    event.data().thingId()))
                    .build();
        }

        static String event(UUID id, int version, UUID thing) {
            return """
                    {"id":"%s","type":"Thing","version":%d,"source":"consumer-it","time":"2026-11-23T09:15:30Z",
                     "subject":"%s","data":{"thingId":"%s"}}""".formatted(id, version, thing, thing);
        }

        int deliveries(String value) {
            return deliveries.getOrDefault(value, 0);
        }

        @KafkaListener(topics = TOPIC, groupId = "consumer-it-typed")
        void on(ConsumerRecord<String, String> record) {
            deliveries.merge(record.value(), 1, Integer::sum);
            dispatcher.dispatch(record);
        }
    }
}
