package dev.bulkhead.user.web;

import dev.bulkhead.resilience.web.Problems;
import dev.bulkhead.resilience.web.ServiceProblems;
import dev.bulkhead.user.profile.FieldsNotWritable;
import dev.bulkhead.user.profile.ProfileNotFound;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** user-service's business failures as RFC 9457 problem details; invalid input is {@link ServiceProblems}'. */
@RestControllerAdvice
class UserProblems extends ServiceProblems {

    @ExceptionHandler
    ProblemDetail on(FieldsNotWritable e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "fields-not-writable", "Fields not writable", e);
        problem.setProperty("fields", e.fields());
        return problem;
    }

    /**
     * Only the caller's own profile is ever asked for, and a valid token means the account exists: a
     * missing profile is one whose UserRegistered event has not arrived yet. Said so, with when to retry,
     * instead of a bare 404 that reads as "no such user".
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> on(ProfileNotFound e) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "profile-being-created", "Profile being created", e);
        problem.setDetail("Your account exists; its profile is created from the registration event, usually"
                + " within a second. Retry after " + RETRY_AFTER_SECONDS + " s.");
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(problem);
    }

    private static final int RETRY_AFTER_SECONDS = 1;
}
