package dev.bulkhead.resilience.web;

import dev.bulkhead.resilience.http.DownstreamTimeouts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A service whose connection pool stays exhausted for the pool's connection timeout is saturated, not
 * broken: it answers 503 with {@code Retry-After} — load shedding a client can act on (retry later, with
 * the same {@code Idempotency-Key}) — instead of a 500 that reads like a bug. So is one whose statement
 * outran {@code spring.jdbc.template.query-timeout}: that timeout is also logged and counted in {@value
 * DownstreamTimeouts#METER}{@code {downstream="database",operation="query"}}, beside the HTTP clients'.
 * A database that went away mid-request (restarting, failing over: the connection broke, the server
 * said it is shutting down) is the same to the client: 503 with {@code Retry-After}, counted with
 * {@code cause="database-unavailable"}; the request's transaction did not commit, and a retry with the
 * same {@code Idempotency-Key} is safe. Runs after each service's own advice, so a service can still say
 * something more specific.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class SaturationProblems {

    /** Long enough for a burst to drain, short enough that a waiting user hardly notices. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(SaturationProblems.class);

    private final Counter shed;
    private final Counter unavailable;
    private final DownstreamTimeouts timeouts;
    private final String queryLimit;

    public SaturationProblems(MeterRegistry meters) {
        this(meters, null);
    }

    /**
     * @param meters where shed requests and timeouts are counted
     * @param queryTimeout the statement timeout in force, for the log line, or null if unknown
     */
    public SaturationProblems(MeterRegistry meters, Duration queryTimeout) {
        this.timeouts = new DownstreamTimeouts(meters);
        this.queryLimit = queryTimeout == null ? "spring.jdbc.template.query-timeout" : queryTimeout.toMillis() + " ms";
        this.shed = Counter.builder("bulkhead.requests.shed")
                .description(
                        "Requests answered 503 because the database could not serve them: no free connection in time, or unreachable")
                .tag("cause", "database-pool")
                .register(meters);
        this.unavailable = Counter.builder("bulkhead.requests.shed")
                .description(
                        "Requests answered 503 because the database could not serve them: no free connection in time, or unreachable")
                .tag("cause", "database-unavailable")
                .register(meters);
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> onSaturatedPool(RuntimeException e) {
        shed.increment();
        log.warn("Shedding a request: no database connection within the pool's timeout ({})", e.getMessage());
        return saturated();
    }

    /**
     * Broken or refused connections; a pool that could not hand one out at all is {@link #onSaturatedPool}.
     * A transaction whose connection broke mid-request often ends with its rollback failing on the closed
     * connection, and Spring then throws that failure instead of the broken connection (seen in ChaosIT
     * when Postgres crashed under a POST): the same outage, so the same retryable answer.
     */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessResourceException.class,
        RecoverableDataAccessException.class,
        TransactionSystemException.class
    })
    ResponseEntity<ProblemDetail> onDatabaseUnavailable(RuntimeException e) {
        unavailable.increment();
        log.warn("Shedding a request: the database is unavailable ({})", e.getMessage());
        return saturated();
    }

    @ExceptionHandler(QueryTimeoutException.class)
    ResponseEntity<ProblemDetail> onQueryTimeout(QueryTimeoutException e) {
        timeouts.record("database", "query", null, queryLimit, e);
        return saturated();
    }

    private static ResponseEntity<ProblemDetail> saturated() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The service is saturated right now; retry after the time in Retry-After.");
        problem.setType(URI.create(Problems.TYPES + "service-saturated"));
        problem.setTitle("Service saturated");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
                .body(problem);
    }
}
