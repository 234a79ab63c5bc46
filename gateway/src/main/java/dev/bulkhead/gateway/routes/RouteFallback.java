package dev.bulkhead.gateway.routes;

import dev.bulkhead.gateway.errors.GatewayProblems;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's breaker sends a request it could not serve: an open breaker, a full bulkhead, a
 * timeout, a service that cannot be reached or answered 502/503/504. Answers with a problem document
 * that says which, and, when trying again later can help, with {@code Retry-After}: the breaker's
 * wait for an open breaker, a second otherwise. Only requests forwarded by a breaker get here; anyone
 * else asking for the path gets 404.
 */
@RestController
final class RouteFallback {

    static final String PATH = "/fallback";

    /** A full bulkhead, a refused connection or a service's own 503 may be gone a moment later. */
    static final Duration RETRY_SOON = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(RouteFallback.class);

    private final RouteSettings settings;

    RouteFallback(RouteSettings settings) {
        this.settings = settings;
    }

    /** What the client is told, and whether and when to come back. */
    record Answer(HttpStatus status, String detail, Duration retryAfter) {}

    @RequestMapping(PATH)
    Mono<Void> fallback(ServerWebExchange exchange) {
        Throwable failure = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        String path = exchange.getAttributeOrDefault(
                RouteResilienceGatewayFilterFactory.ORIGINAL_PATH_ATTR,
                exchange.getRequest().getPath().value());
        if (failure == null) {
            return GatewayProblems.write(
                    exchange.getResponse(), HttpStatus.NOT_FOUND, "No route matches this path.", path);
        }
        Answer answer = answer(failure, settings.breaker().waitInOpen());
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        // An open breaker refuses every request; its opening was logged once, each refusal is no news.
        log.atLevel(failure instanceof CallNotPermittedException ? Level.DEBUG : Level.WARN)
                .log(
                        "{} {} on route {} answered {}: {}",
                        exchange.getRequest().getMethod(),
                        path,
                        route == null ? "?" : route.getId(),
                        answer.status().value(),
                        failure.toString());
        if (answer.retryAfter() != null) {
            long seconds = Math.max(1, (answer.retryAfter().toMillis() + 999) / 1000);
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return GatewayProblems.write(exchange.getResponse(), answer.status(), answer.detail(), path);
    }

    static Answer answer(Throwable failure, Duration breakerWait) {
        if (failure instanceof CallNotPermittedException) {
            return new Answer(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "The service behind this route is failing; the gateway stopped calling it for a while.",
                    breakerWait);
        }
        if (failure instanceof BulkheadFullException) {
            return new Answer(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Too many requests to this service are in progress; retry shortly.",
                    RETRY_SOON);
        }
        if (failure instanceof HttpStatusCodeException answered) {
            HttpStatus status = HttpStatus.resolve(answered.getStatusCode().value());
            return byStatus(status == null ? HttpStatus.BAD_GATEWAY : status);
        }
        if (causedBy(failure, TimeoutException.class)
                || causedBy(failure, org.springframework.cloud.gateway.support.TimeoutException.class)) {
            return byStatus(HttpStatus.GATEWAY_TIMEOUT);
        }
        if (causedBy(failure, ConnectException.class)) {
            return new Answer(
                    HttpStatus.SERVICE_UNAVAILABLE, "The service behind this route cannot be reached.", RETRY_SOON);
        }
        if (failure instanceof ResponseStatusException withStatus) {
            HttpStatus status = HttpStatus.resolve(withStatus.getStatusCode().value());
            return byStatus(status == null ? HttpStatus.BAD_GATEWAY : status);
        }
        return byStatus(HttpStatus.BAD_GATEWAY);
    }

    private static Answer byStatus(HttpStatus status) {
        return switch (status) {
            case GATEWAY_TIMEOUT -> new Answer(status, "The service behind this route did not answer in time.", null);
            case SERVICE_UNAVAILABLE -> new Answer(status, "The service behind this route is unavailable.", RETRY_SOON);
            case BAD_GATEWAY -> new Answer(status, "The service behind this route failed to answer.", null);
            default -> new Answer(status, status.getReasonPhrase() + ".", null);
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
