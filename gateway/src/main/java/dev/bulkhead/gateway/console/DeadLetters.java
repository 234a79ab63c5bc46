package dev.bulkhead.gateway.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Lists the newest records of every {@code <topic>.DLT} and replays one: re-published to its source
 * topic with its key, value and the headers it came with (its trace context), without the dead-letter
 * publisher's own. The consumers deduplicate on the envelope's id, so a replay of something already
 * applied changes nothing. Kafka's clients block: all of it runs on the bounded elastic scheduler.
 */
@Component
class DeadLetters {

    static final String SUFFIX = ".DLT";

    /** Spring Kafka's dead-letter headers: shown, never replayed. */
    private static final String DLT_HEADERS = "kafka_dlt-";

    private static final Duration READ = Duration.ofSeconds(3);
    private static final int SHOWN_BYTES = 4_000;

    private final ConsoleSettings.Kafka settings;
    private final KafkaClients clients;
    private volatile KafkaProducer<byte[], byte[]> producer;

    DeadLetters(ConsoleSettings settings) {
        this.settings = settings.kafka();
        this.clients = settings.kafka().enabled() ? new KafkaClients(settings.kafka()) : null;
    }

    boolean enabled() {
        return settings.enabled();
    }

    /** Per dead-letter topic, its newest records, newest first. */
    Mono<Map<String, List<DeadLetter>>> newest() {
        return Mono.fromCallable(this::read).subscribeOn(Schedulers.boundedElastic());
    }

    Mono<Replayed> replay(String deadLetterTopic, int partition, long offset) {
        return Mono.fromCallable(() -> republish(deadLetterTopic, partition, offset))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Where the replayed record went. */
    record Replayed(String topic, int partition, long offset) {}

    private Map<String, List<DeadLetter>> read() {
        var all = new LinkedHashMap<String, List<DeadLetter>>();
        try (var kafka = clients.reader()) {
            for (String source : settings.topics()) {
                all.put(source + SUFFIX, newest(kafka, source + SUFFIX));
            }
        }
        return all;
    }

    private List<DeadLetter> newest(KafkaConsumer<byte[], byte[]> kafka, String topic) {
        var partitions = kafka.partitionsFor(topic, READ).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        if (partitions.isEmpty()) return List.of();
        kafka.assign(partitions);
        var begin = kafka.beginningOffsets(partitions, READ);
        var end = kafka.endOffsets(partitions, READ);
        var letters = new ArrayList<DeadLetter>();
        long deadline = System.nanoTime() + READ.toNanos();
        for (var partition : partitions) {
            long from = Math.max(begin.get(partition), end.get(partition) - settings.deadLettersPerTopic());
            kafka.seek(partition, from);
        }
        var remaining = new ArrayList<>(partitions.stream()
                .filter(p -> end.get(p) > Math.max(begin.get(p), end.get(p) - settings.deadLettersPerTopic()))
                .toList());
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
            for (var record : kafka.poll(Duration.ofMillis(200))) {
                letters.add(letter(record));
            }
            remaining.removeIf(p -> kafka.position(p) >= end.get(p));
        }
        return letters.stream()
                .sorted(Comparator.comparing(DeadLetter::at).reversed())
                .limit(settings.deadLettersPerTopic())
                .toList();
    }

    private Replayed republish(String deadLetterTopic, int partition, long offset)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (!deadLetterTopic.endsWith(SUFFIX)
                || !settings.topics()
                        .contains(deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length()))) {
            throw new DeadLetterNotFound(deadLetterTopic, partition, offset);
        }
        ConsumerRecord<byte[], byte[]> found = null;
        try (var kafka = clients.reader()) {
            var where = new TopicPartition(deadLetterTopic, partition);
            if (kafka.partitionsFor(deadLetterTopic, READ).stream().noneMatch(p -> p.partition() == partition)) {
                throw new DeadLetterNotFound(deadLetterTopic, partition, offset);
            }
            kafka.assign(List.of(where));
            kafka.seek(where, offset);
            long deadline = System.nanoTime() + READ.toNanos();
            while (found == null && System.nanoTime() < deadline) {
                for (var record : kafka.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) found = record;
                }
                if (kafka.position(where) > offset && found == null) break;
            }
        }
        if (found == null) throw new DeadLetterNotFound(deadLetterTopic, partition, offset);
        String source = deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length());
        var again = new ProducerRecord<>(source, null, found.key(), found.value());
        for (Header header : found.headers()) {
            if (!header.key().startsWith(DLT_HEADERS)) again.headers().add(header);
        }
        var sent = producer().send(again).get(10, TimeUnit.SECONDS);
        return new Replayed(sent.topic(), sent.partition(), sent.offset());
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) producer = clients.producer();
        return producer;
    }

    private static DeadLetter letter(ConsumerRecord<byte[], byte[]> record) {
        var headers = new LinkedHashMap<String, String>();
        for (Header header : record.headers()) {
            if (header.key().startsWith(DLT_HEADERS) && header.value() != null && header.value().length < 2_000) {
                headers.put(header.key(), readable(header.key(), header.value()));
            }
        }
        return new DeadLetter(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                record.key() == null ? null : shown(record.key()),
                record.value() == null ? null : shown(record.value()),
                headers);
    }

    /** Text headers as text; partition, offset and timestamp are big-endian numbers. */
    private static String readable(String key, byte[] value) {
        if (key.endsWith("-partition") && value.length == Integer.BYTES) {
            return Integer.toString(ByteBuffer.wrap(value).getInt());
        }
        if ((key.endsWith("-offset") || key.endsWith("-timestamp")) && value.length == Long.BYTES) {
            return Long.toString(ByteBuffer.wrap(value).getLong());
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static String shown(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.length() > SHOWN_BYTES ? text.substring(0, SHOWN_BYTES) + " …" : text;
    }
}
