package dev.bulkhead.gateway.console;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the saga's topics on a thread of its own and keeps the {@link SagaWindow}; every changed
 * timeline is offered to the pages listening. A slow page misses updates (best effort) instead of
 * holding the consumer back: it gets the whole window again when it reconnects.
 */
@Component
class SagaFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SagaFeed.class);
    private static final List<String> SAGA_TOPICS = List.of("order-events", "inventory-events", "payment-events");

    private final ConsoleSettings.Kafka settings;
    private final SagaWindow window;
    private final Sinks.Many<Timeline> updates = Sinks.many().multicast().directBestEffort();
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    SagaFeed(ConsoleSettings settings) {
        this.settings = settings.kafka();
        this.window = new SagaWindow(settings.kafka().recentOrders());
    }

    boolean enabled() {
        return settings.enabled();
    }

    /** The window first, then every change; a timeline may come twice, the page keeps the latest. */
    Flux<Timeline> timelines() {
        return Flux.merge(updates.asFlux(), Flux.defer(() -> Flux.fromIterable(window.recent())));
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("Console saga timelines off: bulkhead.gateway.console.kafka.bootstrap-servers is not set");
            return;
        }
        consumer = new KafkaClients(settings).follower();
        thread = Thread.ofPlatform().name("console-saga-feed").daemon().start(this::follow);
    }

    private void follow() {
        try (var kafka = consumer) {
            kafka.subscribe(
                    SAGA_TOPICS.stream().filter(settings.topics()::contains).toList());
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    kafka.poll(Duration.ofSeconds(1)).forEach(record -> apply(record.topic(), record.value()));
                } catch (WakeupException stopping) {
                    return;
                } catch (RuntimeException e) {
                    // Kafka away or a rebalance gone wrong: the console waits and tries again, as a page would
                    log.warn("Console saga feed: {}", e.toString());
                    Thread.sleep(Duration.ofSeconds(1));
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void apply(String topic, byte[] event) {
        try {
            window.apply(json.readTree(event)).ifPresent(updates::tryEmitNext);
        } catch (RuntimeException unreadable) {
            // a malformed event is the services' dead-letter business; the console skips it
            log.debug("Console skipped an unreadable event on {}", topic, unreadable);
        }
    }

    @Override
    public void stop() {
        if (thread != null) {
            consumer.wakeup();
            thread.interrupt();
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
