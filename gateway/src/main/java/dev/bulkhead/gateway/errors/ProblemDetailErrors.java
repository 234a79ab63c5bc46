package dev.bulkhead.gateway.errors;

import dev.bulkhead.resilience.security.ProblemResponses;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Renders every exception that reaches the gateway's edge as a problem document: an unrouted path
 * (404), an oversized body (413), an unreachable or slow service (502/503/504), a feature's own
 * {@link GatewayRefusal} (with its detail), anything else (500).
 * Details are fixed texts; exception messages and stack traces stay in the log. Runs before Spring
 * Boot's default handler, which would answer with its own JSON shape.
 */
@Component
@Order(-2)
class ProblemDetailErrors implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailErrors.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        if (failure instanceof GatewayRefusal refusal) {
            return GatewayProblems.write(
                    response,
                    refusal.status(),
                    refusal.getMessage(),
                    exchange.getRequest().getPath().value());
        }
        HttpStatus status = statusOf(failure);
        String path = exchange.getRequest().getPath().value();
        if (!status.is5xxServerError()) {
            return Problems.write(response, status, path);
        }
        return RequestTrace.logThen(
                () -> log.warn("{} {} failed with {}", exchange.getRequest().getMethod(), path, status, failure),
                () -> Problems.write(response, status, path));
    }

    static HttpStatus statusOf(Throwable failure) {
        if (failure instanceof ResponseStatusException withStatus) {
            HttpStatus status = HttpStatus.resolve(withStatus.getStatusCode().value());
            return status != null ? status : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (failure instanceof DataBufferLimitException) {
            return HttpStatus.CONTENT_TOO_LARGE;
        }
        if (failure instanceof TimeoutException) {
            return HttpStatus.GATEWAY_TIMEOUT;
        }
        if (failure instanceof ConnectException || failure.getCause() instanceof ConnectException) {
            return HttpStatus.BAD_GATEWAY;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    /** Writes problem documents; shared with {@link ProblemsForBodylessErrors}. */
    static final class Problems {

        private Problems() {}

        static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String path) {
            byte[] body = ProblemResponses.body(status, detail(status), path);
            response.setStatusCode(status);
            response.getHeaders().setContentType(ProblemResponses.PROBLEM_JSON);
            response.getHeaders().setContentLength(body.length);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        }

        static String detail(HttpStatus status) {
            return switch (status) {
                case NOT_FOUND -> "No route matches this path.";
                case CONTENT_TOO_LARGE -> "The request body is larger than the gateway accepts.";
                case TOO_MANY_REQUESTS -> "Too many requests; slow down and retry later.";
                case BAD_GATEWAY -> "The service behind this route cannot be reached.";
                case SERVICE_UNAVAILABLE -> "The service behind this route is unavailable.";
                case GATEWAY_TIMEOUT -> "The service behind this route did not answer in time.";
                case INTERNAL_SERVER_ERROR -> "The gateway failed to handle this request.";
                default -> status.getReasonPhrase() + ".";
            };
        }
    }
}
