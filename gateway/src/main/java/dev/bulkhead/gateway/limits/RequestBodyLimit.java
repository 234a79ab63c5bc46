package dev.bulkhead.gateway.limits;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies over the limit on every route. A declared {@code Content-Length} over the
 * limit is refused before a byte is read. A chunked body (no length) is read into memory up to the
 * limit, and forwarded with its now known length, or refused as soon as it passes the limit; so no
 * service ever receives part of an oversized body.
 */
@Component
@EnableConfigurationProperties(GatewayLimits.class)
class RequestBodyLimit implements GlobalFilter, Ordered {

    private final int limit;

    RequestBodyLimit(GatewayLimits limits) {
        this.limit = Math.toIntExact(limits.maxBodySize().toBytes());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return Mono.error(new PayloadTooLarge(limit));
        }
        if (declared >= 0 || !request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody(), limit)
                .onErrorMap(DataBufferLimitException.class, tooBig -> new PayloadTooLarge(limit))
                .map(body -> exchange.mutate().request(withBody(request, body)).build())
                .defaultIfEmpty(exchange)
                .flatMap(chain::filter);
    }

    private static ServerHttpRequest withBody(ServerHttpRequest request, DataBuffer body) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(request.getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(body.readableByteCount());
        return new ServerHttpRequestDecorator(request) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.just(body);
            }
        };
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
