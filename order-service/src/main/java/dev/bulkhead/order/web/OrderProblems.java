package dev.bulkhead.order.web;

import dev.bulkhead.order.inventory.InventoryUnavailable;
import dev.bulkhead.order.order.IdempotencyConflict;
import dev.bulkhead.order.order.InvalidIdempotencyKey;
import dev.bulkhead.order.order.MixedCurrencies;
import dev.bulkhead.order.order.OrderNotFound;
import dev.bulkhead.order.order.UnknownProducts;
import dev.bulkhead.resilience.web.Problems;
import dev.bulkhead.resilience.web.ServiceProblems;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.accept.InvalidApiVersionException;
import org.springframework.web.accept.MissingApiVersionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** order-service's business failures as RFC 9457 problem details; invalid input is {@link ServiceProblems}'. */
@RestControllerAdvice
class OrderProblems extends ServiceProblems {

    /** How long a client should wait before asking again when inventory is down: a breaker's open time. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    @ExceptionHandler
    ProblemDetail on(OrderNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", e);
    }

    @ExceptionHandler
    ProblemDetail on(InvalidIdempotencyKey e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Idempotency-Key missing or invalid", e);
    }

    @ExceptionHandler
    ProblemDetail on(IdempotencyConflict e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-conflict", "Idempotency conflict", e);
    }

    @ExceptionHandler
    ProblemDetail on(UnknownProducts e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-product", "Unknown product", e);
        problem.setProperty("productIds", e.productIds());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail on(MixedCurrencies e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "mixed-currencies", "Mixed currencies", e);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> on(InventoryUnavailable e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "inventory-unavailable", "Inventory unavailable", e));
    }

    @ExceptionHandler({InvalidApiVersionException.class, MissingApiVersionException.class})
    ProblemDetail onVersion(RuntimeException e) {
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST,
                "unsupported-api-version",
                "Unsupported API version",
                new IllegalArgumentException(
                        "Supported API versions are 1 and 2 (path /api/v1 or /api/v2, or header API-Version)."));
        problem.setProperty("supportedVersions", List.of("1", "2"));
        return problem;
    }
}
