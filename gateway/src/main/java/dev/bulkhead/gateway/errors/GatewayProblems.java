package dev.bulkhead.gateway.errors;

import dev.bulkhead.resilience.security.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Writes a problem document for a refusal decided by another feature of the gateway (the rate
 * limiter's 429, a route's fallback 503/504), in the same shape as every other gateway error. Headers
 * already set on the response (Retry-After, rate-limit headers) are kept.
 */
public final class GatewayProblems {

    private GatewayProblems() {}

    /**
     * @param response the response to complete
     * @param status the status to answer with
     * @param detail a fixed, human-readable explanation (never an exception message)
     * @param instance the path the client asked for
     * @return completion once the body is written
     */
    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String detail, String instance) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body = ProblemResponses.body(status, detail, instance);
        response.setStatusCode(status);
        response.getHeaders().setContentType(ProblemResponses.PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
