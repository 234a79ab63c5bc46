package dev.bulkhead.gateway.errors;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gateway filters that refuse a request set a status and complete the response without a body (the
 * rate limiter's 429, the request-size filter's 413). This turns each such empty error into a
 * problem document. Responses that come from a service, and errors written with a body, pass as they
 * are.
 */
@Component
class ProblemsForBodylessErrors implements WebFilter, Ordered {

    /** Outside Spring Security's filter chain (-100), so every response passes through it. */
    static final int ORDER = -200;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> setComplete() {
                HttpStatusCode code = getStatusCode();
                HttpStatus status = code == null ? null : HttpStatus.resolve(code.value());
                if (status != null && status.isError() && !isCommitted()) {
                    return ProblemDetailErrors.Problems.write(getDelegate(), status, path);
                }
                return super.setComplete();
            }
        };
        return chain.filter(exchange.mutate().response(response).build());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
