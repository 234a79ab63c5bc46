package dev.bulkhead.notification.web;

import dev.bulkhead.notification.notification.NotificationNotFound;
import dev.bulkhead.resilience.web.Problems;
import dev.bulkhead.resilience.web.ServiceProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * notification-service's business failures as RFC 9457 problem details; {@link ServiceProblems} answers
 * invalid input (a limit out of range or no number at all, an id that is no UUID).
 */
@RestControllerAdvice
class NotificationProblems extends ServiceProblems {

    @ExceptionHandler
    ProblemDetail on(NotificationNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "notification-not-found", "Notification not found", e);
    }
}
