package dev.bulkhead.inventory.web;

import dev.bulkhead.inventory.product.InsufficientStock;
import dev.bulkhead.inventory.product.InvalidRequest;
import dev.bulkhead.inventory.product.ProductChangedMeanwhile;
import dev.bulkhead.inventory.product.ProductNotFound;
import dev.bulkhead.resilience.web.Problems;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure of inventory-service as an RFC 9457 problem detail, named after what went wrong.
 * Spring MVC's own failures (unreadable JSON, a parameter of the wrong type) come out as problem
 * details through {@link ResponseEntityExceptionHandler}.
 */
@RestControllerAdvice
class InventoryProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail on(ProductNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "product-not-found", "Product not found", e);
    }

    @ExceptionHandler
    ProblemDetail on(InsufficientStock e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "insufficient-stock", "Insufficient stock", e);
        problem.setProperty("productId", e.productId());
        problem.setProperty("requested", e.requested());
        problem.setProperty("available", e.available());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail on(ProductChangedMeanwhile e) {
        return Problems.of(HttpStatus.PRECONDITION_FAILED, "product-changed", "Product changed meanwhile", e);
    }

    @ExceptionHandler
    ProblemDetail on(InvalidRequest e) {
        return invalid(e.getMessage(), e.errors());
    }

    /** A body that breaks the validation rules: every broken rule named, no submitted value echoed. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .toList();
        return handleExceptionInternal(e, invalid(String.join("; ", errors), errors), headers, status, request);
    }

    private static ProblemDetail invalid(String detail, List<String> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(URI.create(Problems.TYPES + "invalid-request"));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }
}
