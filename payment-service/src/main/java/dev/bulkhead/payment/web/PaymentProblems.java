package dev.bulkhead.payment.web;

import dev.bulkhead.payment.payment.InvalidPaymentQuery;
import dev.bulkhead.payment.payment.PaymentNotFound;
import dev.bulkhead.resilience.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every failure of payment-service as an RFC 9457 problem detail, named after what went wrong. */
@RestControllerAdvice
class PaymentProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail on(PaymentNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "payment-not-found", "Payment not found", e);
    }

    @ExceptionHandler
    ProblemDetail on(InvalidPaymentQuery e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e);
    }
}
