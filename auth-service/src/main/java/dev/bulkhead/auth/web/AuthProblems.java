package dev.bulkhead.auth.web;

import dev.bulkhead.auth.account.EmailAlreadyRegistered;
import dev.bulkhead.auth.account.InvalidCredentials;
import dev.bulkhead.auth.account.PasswordHashingBusy;
import dev.bulkhead.auth.refresh.RefreshTokenRejected;
import dev.bulkhead.resilience.web.Problems;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure of auth-service as an RFC 9457 problem detail. Business failures are named after what
 * went wrong; framework ones (unreadable JSON, wrong method, bad parameter) keep Spring's problem
 * details. Never a stack trace, never a submitted value (it may be a password).
 */
@RestControllerAdvice
class AuthProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail on(EmailAlreadyRegistered e) {
        return Problems.of(HttpStatus.CONFLICT, "email-already-registered", "Email already registered", e);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> on(InvalidCredentials e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(Problems.of(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials", e));
    }

    @ExceptionHandler
    ProblemDetail on(RefreshTokenRejected e) {
        return Problems.of(HttpStatus.UNAUTHORIZED, "invalid-refresh-token", "Invalid refresh token", e);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> on(PasswordHashingBusy e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy", e));
    }

    /** Bean-validation failures of a command: 400 naming each field and the rule it broke. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields");
        problem.setType(URI.create(Problems.TYPES + "invalid-request"));
        problem.setTitle("Invalid request");
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(error -> error.getField()))
                .map(error -> Map.of(
                        "field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }
}
