package dev.bulkhead.user.web;

import dev.bulkhead.user.profile.FieldsNotWritable;
import dev.bulkhead.user.profile.InvalidProfileChange;
import dev.bulkhead.user.profile.ProfileNotFound;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every failure of user-service as an RFC 9457 problem detail, named after what went wrong. */
@RestControllerAdvice
class UserProblems extends ResponseEntityExceptionHandler {

    static final String TYPES = "https://bulkhead.dev/problems/";

    @ExceptionHandler
    ProblemDetail on(FieldsNotWritable e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "fields-not-writable", "Fields not writable", e);
        problem.setProperty("fields", e.fields());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail on(InvalidProfileChange e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e);
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail on(ProfileNotFound e) {
        return problem(HttpStatus.NOT_FOUND, "profile-not-found", "Profile not found", e);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        return problem;
    }
}
