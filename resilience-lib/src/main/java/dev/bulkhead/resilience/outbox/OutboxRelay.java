package dev.bulkhead.resilience.outbox;

import dev.bulkhead.resilience.http.DownstreamTimeouts;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed outbox rows to Kafka: one pass reads the oldest pending rows in id order, sends
 * them with the idempotent producer, waits for every acknowledgement ({@code acks=all}) and marks
 * the acknowledged prefix published, all under a transaction-scoped Postgres advisory lock so that
 * exactly one instance of a service relays at a time (order per key holds across instances).
 *
 * <p>At least once: a crash between the broker's acknowledgement and the commit of the mark sends
 * those rows again on the next pass. A failed send stops the pass there; the failed row and
 * everything after it are retried next pass, in the same order. Consumers deduplicate on the
 * envelope id.
 *
 * <p>Tracing: each row is sent inside a PRODUCER span whose parent is the {@code traceparent} stored
 * with the row (the span that was current in the transaction which wrote it), and that span's context
 * goes into the record's {@code traceparent} header. A consumer with observation enabled so continues
 * the writer's trace, one hop further: writer → relay send → listener.
 */
final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Advisory lock key: one relay per database ("bulkhead_outbox" as a 64-bit number). */
    static final long LOCK_KEY = 0x0B_07_B0_C5_0E_7B_0BL;

    static final Duration CLEANUP_EVERY = Duration.ofMinutes(1); // deleting old rows is housekeeping, not urgent
    static final Duration ACK_MARGIN = Duration.ofSeconds(5); // beyond the producer's own delivery timeout

    private static final String PENDING = "SELECT id, topic, message_key, payload, traceparent FROM bulkhead_outbox"
            + " WHERE published_at IS NULL ORDER BY id LIMIT ?";

    private final JdbcTemplate jdbc;
    /** Where a delivery that timed out is logged and counted; null without a meter registry. */
    private final DownstreamTimeouts timeouts;

    private final Duration deliveryTimeout;
    private final TransactionTemplate transactions;
    private final ProducerFactory<String, byte[]> producers;
    private final OutboxProperties properties;
    private final Clock clock;
    private final Duration ackTimeout;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;
    private Producer<String, byte[]> producer;
    private Instant lastCleanup = Instant.MIN;

    OutboxRelay(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            ProducerFactory<String, byte[]> producers,
            OutboxProperties properties,
            Clock clock,
            Duration deliveryTimeout,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator,
            DownstreamTimeouts timeouts) {
        this.jdbc = jdbc;
        this.timeouts = timeouts;
        this.deliveryTimeout = deliveryTimeout;
        this.tracer = tracer;
        this.propagator = propagator;
        this.transactions = transactions;
        this.producers = producers;
        this.properties = properties;
        this.clock = clock;
        this.ackTimeout = deliveryTimeout.plus(ACK_MARGIN);
    }

    /** Asks for a pass now (called after a transaction that appended events commits). */
    void wakeUp() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * One pass: sends the pending rows (at most one batch) and marks the acknowledged ones.
     *
     * @return how many rows were published, or -1 when another instance holds the relay lock
     */
    int relayOnce() {
        Integer published = transactions.execute(status -> {
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
            if (!Boolean.TRUE.equals(locked)) {
                return -1;
            }
            List<Row> rows = jdbc.query(
                    PENDING,
                    (rs, n) ->
                            new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                    properties.batchSize());
            if (rows.isEmpty()) {
                return 0;
            }
            List<Long> acknowledged = send(rows);
            if (!acknowledged.isEmpty()) {
                jdbc.batchUpdate(
                        "UPDATE bulkhead_outbox SET published_at = now() WHERE id = ?",
                        acknowledged.stream().map(id -> new Object[] {id}).toList());
            }
            return acknowledged.size();
        });
        cleanUpPeriodically();
        return published == null ? 0 : published;
    }

    private List<Long> send(List<Row> rows) {
        Producer<String, byte[]> current = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Future<RecordMetadata> future = send(current, row);
            sent.add(future);
            // A send that failed at once (no metadata within max.block.ms: the broker is away) never reached
            // the producer's buffer. Sending the next rows would let them overtake it if the broker came back
            // meanwhile, so the pass stops here and the next one starts again from this row.
            if (future.state() == Future.State.FAILED) {
                break;
            }
        }
        List<Long> acknowledged = new ArrayList<>(sent.size());
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (int i = 0; i < sent.size(); i++) {
            Row row = rows.get(i);
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(row.id());
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                recordFailure(row, cause);
                break; // keep order: this row and the ones after it go again next pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return acknowledged;
    }

    /** Sends one row, in a PRODUCER span continuing the stored trace when tracing is on. */
    private Future<RecordMetadata> send(Producer<String, byte[]> producer, Row row) {
        Tracer tracing = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        if (tracing == null || propagation == null || row.traceparent() == null) {
            return producer.send(row.record());
        }
        Span span = propagation
                .extract(Map.of("traceparent", row.traceparent()), Map::get)
                .kind(Span.Kind.PRODUCER)
                .name(row.topic() + " send")
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", row.topic())
                .tag("messaging.operation", "publish")
                .start();
        ProducerRecord<String, byte[]> record = row.record();
        propagation.inject(span.context(), record, (carrier, key, value) -> {
            carrier.headers().remove(key);
            carrier.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
        });
        try {
            return producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    span.error(failure);
                }
                span.end();
            });
        } catch (RuntimeException e) {
            span.error(e);
            span.end();
            throw e;
        }
    }

    private void recordFailure(Row row, Throwable cause) {
        if (timeouts != null && DownstreamTimeouts.isTimeout(cause)) {
            // Logged with the trace of the transaction that wrote the event, not the relay thread's.
            String traceId = traceIdOf(row.traceparent());
            try (var ignored = traceId == null ? null : MDC.putCloseable("traceId", traceId)) {
                timeouts.record(
                        "kafka", "send " + row.topic(), null, "delivery " + deliveryTimeout.toMillis() + " ms", cause);
            }
        }
        String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        log.warn("Outbox relay: event {} to {} not acknowledged, will retry ({})", row.id(), row.topic(), message);
        jdbc.update(
                "UPDATE bulkhead_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                message.length() > 1000 ? message.substring(0, 1000) : message,
                row.id());
    }

    private void cleanUpPeriodically() {
        Instant now = clock.instant();
        if (Duration.between(lastCleanup, now).compareTo(CLEANUP_EVERY) < 0) {
            return;
        }
        lastCleanup = now;
        int deleted = jdbc.update(
                "DELETE FROM bulkhead_outbox WHERE published_at < ?",
                java.sql.Timestamp.from(now.minus(properties.retention())));
        if (deleted > 0) {
            log.debug("Outbox relay: deleted {} events published more than {} ago", deleted, properties.retention());
        }
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = producers.createProducer();
        }
        return producer;
    }

    private void loop() {
        while (running) {
            int published = 0;
            try {
                published = relayOnce();
            } catch (RuntimeException e) {
                log.warn("Outbox relay pass failed, will retry: {}", e.toString());
            }
            if (published < properties.batchSize()) {
                await(properties.pollInterval());
            }
        }
    }

    private void await(Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!woken && running && nanos > 0) {
                nanos = wakeUp.awaitNanos(nanos);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("bulkhead-outbox-relay").daemon().start(this::loop);
        log.info(
                "Outbox relay started (poll every {}, batches of {})",
                properties.pollInterval(),
                properties.batchSize());
    }

    @Override
    public void stop() {
        Thread current;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            current = thread;
        }
        wakeUp();
        try {
            current.join(ackTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
            }
        }
    }

    @Override
    public boolean isAutoStartup() {
        return properties.relayEnabled();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Lower phases stop later: after the web server (DEFAULT_PHASE - 2048) has drained, so the
        // events the last requests committed still go out before the producer closes.
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    record Row(long id, String topic, String key, String payload, String traceparent) {
        ProducerRecord<String, byte[]> record() {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, key, payload.getBytes(StandardCharsets.UTF_8));
            if (traceparent != null) {
                // Consumers with observation enabled continue the trace of the transaction that wrote it.
                record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
            }
            return record;
        }
    }

    /** The trace id of a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), or null. */
    static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 ? parts[1] : null;
    }
}
