package dev.bulkhead.gateway.errors;

import org.springframework.http.HttpStatus;

/**
 * A refusal a feature of the gateway words for the client itself (the console's "no Kafka here", "the
 * launcher says it cannot unfreeze what is running"): answered as a problem document with that detail.
 * The detail is written for a reader, never an exception message passed through.
 */
public abstract class GatewayRefusal extends RuntimeException {

    private final HttpStatus status;

    protected GatewayRefusal(HttpStatus status, String detail) {
        super(detail, null, false, false); // an answer, not a failure: no stack trace to fill
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
