package dev.bulkhead.order.web;

import dev.bulkhead.order.inventory.InventoryUnavailable;
import dev.bulkhead.order.order.IdempotencyConflict;
import dev.bulkhead.order.order.InvalidIdempotencyKey;
import dev.bulkhead.order.order.InvalidOrder;
import dev.bulkhead.order.order.MixedCurrencies;
import dev.bulkhead.order.order.OrderNotFound;
import dev.bulkhead.order.order.UnknownProducts;
import dev.bulkhead.resilience.web.Problems;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.accept.InvalidApiVersionException;
import org.springframework.web.accept.MissingApiVersionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every failure of order-service as an RFC 9457 problem detail, named after what went wrong. */
@RestControllerAdvice
class OrderProblems extends ResponseEntityExceptionHandler {

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
    ProblemDetail on(InvalidOrder e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e);
        problem.setProperty("errors", e.errors());
        return problem;
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

    /** Bean validation of a body: every broken rule by field, and never the rejected value itself. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> errors = e.getBindingResult().getFieldErrors().stream()
                .map(OrderProblems::describe)
                .sorted()
                .toList();
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                new IllegalArgumentException(String.join("; ", errors)));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String describe(FieldError error) {
        return error.getField() + ": " + error.getDefaultMessage();
    }
}
