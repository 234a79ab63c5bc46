package dev.bulkhead.gateway.ratelimit;

import dev.bulkhead.gateway.errors.GatewayProblems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What a client is told about its bucket, on every limited request, allowed or not:
 * {@code X-RateLimit-Limit} (the bucket's capacity), {@code X-RateLimit-Remaining} (whole tokens
 * left) and {@code X-RateLimit-Reset} (seconds until the bucket is full again, a delta as in the IETF
 * RateLimit-header draft, not an epoch time: no clock agreement needed). A refusal is a 429 problem
 * document with {@code Retry-After}: the seconds until the next token.
 */
final class RateLimitHeaders {

    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";

    private RateLimitHeaders() {}

    static void describe(ServerWebExchange exchange, Decision decision) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(LIMIT, Integer.toString(decision.limit()));
        headers.set(REMAINING, Long.toString(decision.remaining()));
        headers.set(RESET, Long.toString(decision.resetSeconds()));
    }

    static Mono<Void> refuse(ServerWebExchange exchange, Decision decision, String detail) {
        describe(exchange, decision);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        return GatewayProblems.write(
                exchange.getResponse(),
                HttpStatus.TOO_MANY_REQUESTS,
                detail.formatted(decision.retryAfterSeconds()),
                exchange.getRequest().getPath().value());
    }
}
