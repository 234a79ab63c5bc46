package dev.bulkhead.gateway.routes;

import dev.bulkhead.gateway.errors.GatewayProblems;
import dev.bulkhead.gateway.errors.RequestTrace;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * What a route answers when it could not serve a request: an open breaker, a saturated route, a
 * timeout, a service that cannot be reached or answered 502/503/504. A problem document that says
 * which, and, when trying again later can help, {@code Retry-After}: the breaker's wait for an open
 * breaker, a second otherwise. The service's own body is dropped: the client gets the gateway's
 * problem, whatever the service wrote.
 */
final class RouteFallback {

    /** A saturated route, a refused connection or a service's own 503 may be gone a moment later. */
    static final Duration RETRY_SOON = Duration.ofSeconds(1);

    /** Every reason an answer is counted under, in {@link RouteRefusals}. */
    static final List<String> REASONS =
            List.of("breaker-open", "queue-full", "queue-wait", "timeout", "unreachable", "service-error", "failed");

    private final RouteSettings settings;
    private final RouteRefusals refusals;

    RouteFallback(RouteSettings settings, RouteRefusals refusals) {
        this.settings = settings;
        this.refusals = refusals;
    }

    /** What the client is told, whether and when to come back, and why (a metric tag). */
    record Answer(HttpStatus status, String detail, Duration retryAfter, String reason) {}

    /**
     * Answers in the service's place, or passes the failure on if the response has already started
     * (nothing can be said then but closing the connection).
     */
    Mono<Void> answer(ServerWebExchange exchange, String route, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        // The service's own response, if any: its body is never read, so its connection is closed.
        if (exchange.getAttributes().remove(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR)
                instanceof Connection connection) {
            connection.dispose();
        }
        Answer answer = answer(failure, settings.breaker().waitInOpen());
        String path = exchange.getAttributeOrDefault(
                RouteResilienceGatewayFilterFactory.ORIGINAL_PATH_ATTR,
                exchange.getRequest().getPath().value());
        response.getHeaders().clear();
        if (answer.retryAfter() != null) {
            long seconds = Math.max(1, (answer.retryAfter().toMillis() + 999) / 1000);
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return RequestTrace.logThen(
                () -> refusals.record(route, answer.reason(), answer.status().value(), failure),
                () -> GatewayProblems.write(response, answer.status(), answer.detail(), path));
    }

    static Answer answer(Throwable failure, Duration breakerWait) {
        if (failure instanceof CallNotPermittedException) {
            return new Answer(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "The service behind this route is failing; the gateway stopped calling it for a while.",
                    breakerWait,
                    "breaker-open");
        }
        if (failure instanceof RouteConcurrency.Saturated saturated) {
            return new Answer(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "The service behind this route is not keeping up with its requests; retry shortly.",
                    RETRY_SOON,
                    saturated.reason());
        }
        if (failure instanceof RouteGuard.FailureStatus answered) {
            return byStatus(answered.status(), "service-error");
        }
        if (isTimeout(failure)) {
            return byStatus(HttpStatus.GATEWAY_TIMEOUT, "timeout");
        }
        if (causedBy(failure, ConnectException.class)) {
            return new Answer(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "The service behind this route cannot be reached.",
                    RETRY_SOON,
                    "unreachable");
        }
        if (failure instanceof ResponseStatusException withStatus) {
            HttpStatus status = HttpStatus.resolve(withStatus.getStatusCode().value());
            return byStatus(status == null ? HttpStatus.BAD_GATEWAY : status, "failed");
        }
        return byStatus(HttpStatus.BAD_GATEWAY, "failed");
    }

    /**
     * A connection that failed or broke before the answer (refused, reset, closed early), as opposed to a
     * service that answered badly or too late: an instance's failure, which the load balancer handles.
     * A connect timeout is a timeout (a host that drops packets), not a broken connection.
     */
    static boolean isBrokenConnection(Throwable failure) {
        return causedBy(failure, java.io.IOException.class)
                && !isTimeout(failure)
                && !causedBy(failure, io.netty.channel.ConnectTimeoutException.class);
    }

    /** Whether the service did not answer within the route's response timeout. */
    static boolean isTimeout(Throwable failure) {
        return causedBy(failure, TimeoutException.class)
                || causedBy(failure, org.springframework.cloud.gateway.support.TimeoutException.class);
    }

    private static Answer byStatus(HttpStatus status, String reason) {
        return switch (status) {
            case GATEWAY_TIMEOUT ->
                new Answer(status, "The service behind this route did not answer in time.", null, reason);
            case SERVICE_UNAVAILABLE ->
                new Answer(status, "The service behind this route is unavailable.", RETRY_SOON, reason);
            case BAD_GATEWAY -> new Answer(status, "The service behind this route failed to answer.", null, reason);
            default -> new Answer(status, status.getReasonPhrase() + ".", null, reason);
        };
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
