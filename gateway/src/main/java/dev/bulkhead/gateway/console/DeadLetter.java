package dev.bulkhead.gateway.console;

import java.time.Instant;
import java.util.Map;

/**
 * One record of a dead-letter topic: where it is, what it was, and why it landed there (the headers
 * Spring Kafka's dead-letter publisher adds: original topic, exception).
 */
record DeadLetter(
        String topic, int partition, long offset, Instant at, String key, String value, Map<String, String> headers) {

    DeadLetter {
        headers = Map.copyOf(headers);
    }
}
