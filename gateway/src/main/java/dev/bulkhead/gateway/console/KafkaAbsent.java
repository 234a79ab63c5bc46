package dev.bulkhead.gateway.console;

import dev.bulkhead.gateway.errors.GatewayRefusal;
import org.springframework.http.HttpStatus;

/** The saga and dead-letter panels need Kafka, and this gateway was given none: 404, with the reason. */
final class KafkaAbsent extends GatewayRefusal {

    KafkaAbsent() {
        super(
                HttpStatus.NOT_FOUND,
                "This gateway reads no Kafka (bulkhead.gateway.console.kafka.bootstrap-servers, from"
                        + " SPRING_KAFKA_BOOTSTRAP_SERVERS, is not set): no saga timelines or dead letters to show.");
    }
}
