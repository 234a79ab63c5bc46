package dev.bulkhead.user.web;

import dev.bulkhead.resilience.web.Problems;
import dev.bulkhead.user.profile.FieldsNotWritable;
import dev.bulkhead.user.profile.InvalidProfileChange;
import dev.bulkhead.user.profile.ProfileNotFound;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every failure of user-service as an RFC 9457 problem detail, named after what went wrong. */
@RestControllerAdvice
class UserProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail on(FieldsNotWritable e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "fields-not-writable", "Fields not writable", e);
        problem.setProperty("fields", e.fields());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail on(InvalidProfileChange e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e);
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail on(ProfileNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "profile-not-found", "Profile not found", e);
    }
}
