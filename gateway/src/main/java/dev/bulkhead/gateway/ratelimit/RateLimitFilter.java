package dev.bulkhead.gateway.ratelimit;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Limits every request under the limited paths: an authenticated caller by the subject of its token
 * (wherever it comes from), anyone else by client IP. It runs right after Spring Security, so the
 * caller is known and a request that is refused anyway (401/403) costs no token; it runs before
 * routing, so the gateway's own endpoints (the overview) are limited like the proxied ones.
 */
final class RateLimitFilter implements WebFilter, Ordered {

    /** Just after Spring Security's filter chain (-100). */
    static final int ORDER = -90;

    static final String DETAIL = "Too many requests; retry after %d s.";

    /** The policy of authenticated callers; their bucket is {@code user:<subject>}. */
    static final String USER = "user";

    /** The policy of anonymous callers; their bucket is {@code ip:<address>}. */
    static final String ANONYMOUS = "ip";

    private final TokenBuckets buckets;
    private final ClientAddress clientAddress;
    private final List<PathPattern> paths;
    private final Limit user;
    private final Limit anonymous;

    RateLimitFilter(TokenBuckets buckets, ClientAddress clientAddress, RateLimitSettings settings) {
        this.buckets = buckets;
        this.clientAddress = clientAddress;
        this.paths = settings.paths().stream()
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
        this.user = Limit.of(USER, settings.user());
        this.anonymous = Limit.of(ANONYMOUS, settings.anonymous());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (paths.stream().noneMatch(pattern -> pattern.matches(path))) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .mapNotNull(principal ->
                        ((JwtAuthenticationToken) principal).getToken().getSubject())
                .map(subject -> new Caller(USER + ":" + subject, user))
                .switchIfEmpty(
                        Mono.fromSupplier(() -> new Caller(ANONYMOUS + ":" + clientAddress.of(exchange), anonymous)))
                .flatMap(caller -> buckets.take(caller.bucket(), caller.limit()))
                .flatMap(decision -> {
                    if (!decision.allowed()) {
                        return RateLimitHeaders.refuse(exchange, decision, DETAIL);
                    }
                    RateLimitHeaders.describe(exchange, decision);
                    return chain.filter(exchange);
                });
    }

    /** Whose bucket a request takes its token from, and under which limit. */
    private record Caller(String bucket, Limit limit) {}

    @Override
    public int getOrder() {
        return ORDER;
    }
}
