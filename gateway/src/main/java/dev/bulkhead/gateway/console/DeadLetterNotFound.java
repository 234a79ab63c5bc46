package dev.bulkhead.gateway.console;

import dev.bulkhead.gateway.errors.GatewayRefusal;
import org.springframework.http.HttpStatus;

/** A replay of a record that is not on a known dead-letter topic (any more): 404. */
final class DeadLetterNotFound extends GatewayRefusal {

    DeadLetterNotFound(String topic, int partition, long offset) {
        super(HttpStatus.NOT_FOUND, "no dead letter " + topic + "-" + partition + "@" + offset);
    }
}
