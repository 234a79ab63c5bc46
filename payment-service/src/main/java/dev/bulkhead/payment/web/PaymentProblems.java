package dev.bulkhead.payment.web;

import dev.bulkhead.payment.payment.PaymentNotFound;
import dev.bulkhead.resilience.web.Problems;
import dev.bulkhead.resilience.web.ServiceProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** payment-service's business failures as RFC 9457 problem details; invalid input is {@link ServiceProblems}'. */
@RestControllerAdvice
class PaymentProblems extends ServiceProblems {

    @ExceptionHandler
    ProblemDetail on(PaymentNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found", e);
    }
}
