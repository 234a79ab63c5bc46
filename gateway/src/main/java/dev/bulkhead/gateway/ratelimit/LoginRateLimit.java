package dev.bulkhead.gateway.ratelimit;

import dev.bulkhead.resilience.Digests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stricter limit on password guessing: {@code POST} to the login path is limited per client IP
 * (checked first, without reading the body) and per account, the {@code email} of the body, stripped
 * and lower-cased as auth-service does, so that spreading guesses over many addresses does not help either. The body is
 * read once into memory, after the request-size limit has bounded it, and the request is forwarded
 * with that same body (the gateway's cached-body mechanism, which retries and fallbacks use too). A
 * body without an email is limited per IP only; auth-service rejects it. Account keys are SHA-256
 * hashes: no email address is ever written to Redis.
 */
final class LoginRateLimit implements GlobalFilter, Ordered {

    /** After the request-size limit and the gateway's body caching (HIGHEST_PRECEDENCE + 1000). */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1001;

    static final String DETAIL = "Too many login attempts; retry after %d s.";

    private final TokenBuckets buckets;
    private final ClientAddress clientAddress;
    private final JsonMapper json;
    private final String path;
    private final Limit perAccount;
    private final Limit perIp;

    LoginRateLimit(TokenBuckets buckets, ClientAddress clientAddress, JsonMapper json, RateLimitSettings settings) {
        this.buckets = buckets;
        this.clientAddress = clientAddress;
        this.json = json;
        this.path = settings.login().path();
        this.perAccount = Limit.of("login-account", settings.login().account());
        this.perIp = Limit.of("login-ip", settings.login().ip());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!HttpMethod.POST.equals(exchange.getRequest().getMethod())
                || !path.equals(
                        asTheServiceSeesIt(exchange.getRequest().getPath().pathWithinApplication()))) {
            return chain.filter(exchange);
        }
        return buckets.take(perIp.policy() + ":" + clientAddress.of(exchange), perIp)
                .flatMap(byIp ->
                        byIp.allowed() ? withBody(exchange, chain) : RateLimitHeaders.refuse(exchange, byIp, DETAIL));
    }

    private Mono<Void> withBody(ServerWebExchange exchange, GatewayFilterChain chain) {
        DataBuffer cached = exchange.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR);
        if (cached != null) {
            return perAccount(exchange, chain, cached);
        }
        return ServerWebExchangeUtils.cacheRequestBody(exchange, request -> {
            ServerWebExchange withCachedBody =
                    exchange.mutate().request(request).build();
            return perAccount(
                    withCachedBody, chain, exchange.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR));
        });
    }

    private Mono<Void> perAccount(ServerWebExchange exchange, GatewayFilterChain chain, DataBuffer body) {
        Optional<String> account = account(body);
        if (account.isEmpty()) {
            return chain.filter(exchange);
        }
        return buckets.take(perAccount.policy() + ":" + account.get(), perAccount)
                .flatMap(byAccount -> byAccount.allowed()
                        ? chain.filter(exchange)
                        : RateLimitHeaders.refuse(exchange, byAccount, DETAIL));
    }

    /**
     * The path as the service behind the gateway matches it, not as it was sent: percent-decoded
     * ({@code %6Cogin} is {@code login}), without matrix parameters ({@code login;x=1}), empty and
     * {@code .} segments dropped and {@code ..} applied. Comparing the raw path let any other spelling
     * of the login path past the limit while auth-service still answered it as a login.
     */
    static String asTheServiceSeesIt(PathContainer path) {
        Deque<String> segments = new ArrayDeque<>();
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String value = segment.valueToMatch();
                if (value.equals("..")) {
                    segments.pollLast();
                } else if (!value.isEmpty() && !value.equals(".")) {
                    segments.addLast(value);
                }
            }
        }
        return "/" + String.join("/", segments);
    }

    /**
     * The hashed, normalised email of the body, if it has one. Reads without consuming the buffer.
     * Normalised exactly as auth-service normalises it ({@code strip()}, which also removes Unicode
     * spaces such as U+2003 that {@code trim()} keeps, then lower case): two spellings auth-service
     * takes for one account must share one bucket here.
     */
    Optional<String> account(DataBuffer body) {
        if (body == null || body.readableByteCount() == 0) {
            return Optional.empty();
        }
        try {
            JsonNode email = json.readTree(
                            body.toString(body.readPosition(), body.readableByteCount(), StandardCharsets.UTF_8))
                    .get("email");
            if (email == null || !email.isString() || email.asString().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(Digests.sha256Hex(email.asString().strip().toLowerCase(Locale.ROOT)));
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
