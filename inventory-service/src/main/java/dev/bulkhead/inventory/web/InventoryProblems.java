package dev.bulkhead.inventory.web;

import dev.bulkhead.inventory.product.InsufficientStock;
import dev.bulkhead.inventory.product.ProductChangedMeanwhile;
import dev.bulkhead.inventory.product.ProductNotFound;
import dev.bulkhead.resilience.web.Problems;
import dev.bulkhead.resilience.web.ServiceProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * inventory-service's business failures as RFC 9457 problem details, named after what went wrong;
 * invalid input (a broken validation rule, unreadable JSON, a parameter of the wrong type) is answered
 * by {@link ServiceProblems}.
 */
@RestControllerAdvice
class InventoryProblems extends ServiceProblems {

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
}
