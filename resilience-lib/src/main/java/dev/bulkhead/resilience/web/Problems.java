package dev.bulkhead.resilience.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * One shape for every business failure a Bulkhead service reports (RFC 9457): a stable {@code type}
 * URI under {@link #TYPES} that clients can switch on, a short title, and the failure's own message
 * as {@code detail} — never a stack trace, never a submitted value.
 *
 * <pre>{@code
 * @ExceptionHandler
 * ProblemDetail on(ProfileNotFound e) {
 *     return Problems.of(HttpStatus.NOT_FOUND, "profile-not-found", "Profile not found", e);
 * }
 * }</pre>
 */
public final class Problems {

    /** Where Bulkhead's problem types live; {@code type} is this plus a kebab-case name. */
    public static final String TYPES = "https://bulkhead.dev/problems/";

    private Problems() {}

    /** A problem detail of {@code status}, typed {@code TYPES + type}, with the failure's message as detail. */
    public static ProblemDetail of(HttpStatus status, String type, String title, RuntimeException failure) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, failure.getMessage());
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        return problem;
    }
}
