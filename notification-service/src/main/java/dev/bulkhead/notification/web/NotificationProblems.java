package dev.bulkhead.notification.web;

import dev.bulkhead.notification.notification.InvalidPaging;
import dev.bulkhead.notification.notification.NotificationNotFound;
import dev.bulkhead.resilience.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure of notification-service as an RFC 9457 problem detail. The base class answers what
 * Spring MVC itself refuses (a limit that is no number, an id that is no UUID) in the same shape.
 */
@RestControllerAdvice
class NotificationProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail on(InvalidPaging e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-paging", "Invalid paging", e);
    }

    @ExceptionHandler
    ProblemDetail on(NotificationNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "notification-not-found", "Notification not found", e);
    }
}
