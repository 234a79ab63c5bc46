package dev.bulkhead.user.web;

import dev.bulkhead.resilience.web.Problems;
import dev.bulkhead.resilience.web.ServiceProblems;
import dev.bulkhead.user.profile.FieldsNotWritable;
import dev.bulkhead.user.profile.ProfileNotFound;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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

    @ExceptionHandler
    ProblemDetail on(ProfileNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "profile-not-found", "Profile not found", e);
    }
}
