package dev.bulkhead.gateway.limits;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A request body over {@code bulkhead.gateway.max-body-size}: answered 413 before any service sees it. */
public class PayloadTooLarge extends ResponseStatusException {

    private static final long serialVersionUID = 1L;

    PayloadTooLarge(long limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than " + limit + " bytes.");
    }
}
