package dev.bulkhead.auth.web;

import dev.bulkhead.auth.account.EmailAlreadyRegistered;
import dev.bulkhead.auth.account.InvalidCredentials;
import dev.bulkhead.auth.account.PasswordHashingBusy;
import dev.bulkhead.auth.account.TooManyFailedLogins;
import dev.bulkhead.auth.refresh.RefreshTokenRejected;
import dev.bulkhead.resilience.web.Problems;
import dev.bulkhead.resilience.web.ServiceProblems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * auth-service's business failures as RFC 9457 problem details, named after what went wrong; invalid
 * input (a broken validation rule, unreadable JSON) is answered by {@link ServiceProblems}. Never a
 * stack trace, never a submitted value (it may be a password).
 */
@RestControllerAdvice
class AuthProblems extends ServiceProblems {

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
    ResponseEntity<ProblemDetail> on(TooManyFailedLogins e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)))
                .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins", "Too many failed logins", e));
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
}
