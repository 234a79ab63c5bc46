package dev.bulkhead.gateway.routes;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * What stands between one route and its service, outermost first:
 *
 * <ol>
 *   <li>the route's circuit breaker: while open, a request is answered at once;
 *   <li>the route's {@link RouteConcurrency adaptive concurrency limit}, with its short queue;
 *   <li>the retries of GET and HEAD, inside, so a request retried twice counts once;
 * </ol>
 *
 * <p>All of it, retries included, is bounded by the route's response timeout (as Envoy's route timeout
 * bounds a call with its retries): at that deadline the call is cancelled and answered 504. The
 * deadline and the slow-call watch are kept on a {@link CallTimer timing wheel}: Spring Cloud
 * Gateway's own response timeout, a {@code Flux.timeout} on Reactor's parallel scheduler, woke a
 * timer thread about once per request.
 *
 * <p>The breaker judges each call once: a failure (timeout, 502/503/504 from the service), a
 * success, or a slow call. A broken connection (refused, reset, closed before the answer) is not held
 * against the route: it is one instance's failure, and the load balancer has already ejected that
 * instance (a GET is retried on another; a POST is answered 502/503 for the client to retry with its
 * Idempotency-Key). Counting them opened the breaker of a whole service for its open-state wait when
 * one of two replicas was killed with a handful of calls in flight. With every instance gone, calls
 * still fail at once on a refused connection, which is what an open breaker would give. A call still unanswered after the breaker's slow-call duration
 * is counted as slow at that moment, not when it ends: a hung service ends its calls only at the
 * response timeout, so a breaker that waited for them would open after a dozen timeouts instead of
 * after about a second. A request refused by the limit never reached the service and is not held
 * against it.
 */
final class RouteGuard implements GatewayFilter {

    /** Route metadata: the route's response timeout in milliseconds, set by {@link ResilientRoutes}. */
    static final String CALL_TIMEOUT_ATTR = "bulkhead-call-timeout";

    /** A service's own 502, 503 or 504: a failure of the route, answered by the gateway instead. */
    static final class FailureStatus extends RuntimeException {

        private final HttpStatus status;

        FailureStatus(HttpStatus status) {
            super("the service answered " + status.value(), null, false, false);
            this.status = status;
        }

        HttpStatus status() {
            return status;
        }
    }

    private final String route;
    private final CircuitBreaker breaker;
    private final RouteConcurrency concurrency;
    private final GatewayFilter retry;
    private final RouteFallback fallback;
    private final CallTimer timer;
    private final long slowCallNanos;

    RouteGuard(
            String route,
            CircuitBreaker breaker,
            RouteConcurrency concurrency,
            GatewayFilter retry,
            RouteFallback fallback,
            CallTimer timer,
            Duration slowCall) {
        this.route = route;
        this.breaker = breaker;
        this.concurrency = concurrency;
        this.retry = retry;
        this.fallback = fallback;
        this.timer = timer;
        this.slowCallNanos = slowCall.toNanos();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!breaker.tryAcquirePermission()) {
            return fallback.answer(exchange, route, CallNotPermittedException.createCallNotPermittedException(breaker));
        }
        return concurrency
                .acquire()
                .onErrorResume(RouteConcurrency.Saturated.class, saturated -> {
                    breaker.releasePermission();
                    return Mono.error(saturated);
                })
                .flatMap(slot -> call(exchange, chain, slot))
                .onErrorResume(failure -> fallback.answer(exchange, route, failure));
    }

    private Mono<Void> call(ServerWebExchange exchange, GatewayFilterChain chain, RouteConcurrency.Slot slot) {
        Judgement judgement = new Judgement();
        Disposable watch = timer.schedule(judgement::slow, slowCallNanos, TimeUnit.NANOSECONDS);
        Mono<Void> attempts = retry == null ? chain.filter(exchange) : retry.filter(exchange, chain);
        long timeoutMillis = callTimeoutMillis(exchange);
        if (timeoutMillis >= 0) {
            attempts = attempts.timeout(deadline(timeoutMillis));
        }
        return attempts.then(Mono.defer(() -> failureStatus(exchange)))
                .doOnSuccess(ignored -> {
                    judgement.success();
                    slot.release(RouteConcurrency.Outcome.ANSWERED);
                })
                .doOnError(failure -> {
                    judgement.failure(failure);
                    slot.release(
                            failure instanceof FailureStatus || RouteFallback.isTimeout(failure)
                                    ? RouteConcurrency.Outcome.DROPPED
                                    : RouteConcurrency.Outcome.IGNORED);
                })
                .doOnCancel(() -> {
                    judgement.cancelled();
                    slot.release(RouteConcurrency.Outcome.IGNORED);
                })
                .doFinally(signal -> watch.dispose());
    }

    /** Signals when the call's time is up; disposed with the call, so it never wakes anyone otherwise. */
    private Mono<Boolean> deadline(long millis) {
        return Mono.create(sink ->
                sink.onDispose(timer.schedule(() -> sink.success(Boolean.TRUE), millis, TimeUnit.MILLISECONDS)));
    }

    private static long callTimeoutMillis(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        Object timeout = route == null ? null : route.getMetadata().get(CALL_TIMEOUT_ATTR);
        return timeout instanceof Number millis ? millis.longValue() : -1;
    }

    private static Mono<Void> failureStatus(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (status != null && RouteResilienceGatewayFilterFactory.FAILURE_STATUSES.contains(status.value())) {
            return Mono.error(new FailureStatus(HttpStatus.valueOf(status.value())));
        }
        return Mono.empty();
    }

    /** One call's verdict for the breaker, given once: at the slow-call duration or at the end. */
    private final class Judgement {

        private final long started = breaker.getCurrentTimestamp();
        private final AtomicBoolean given = new AtomicBoolean();

        void slow() {
            if (given.compareAndSet(false, true)) {
                // Recorded as a success that took the slow-call duration or longer: a slow call.
                breaker.onSuccess(elapsed(), breaker.getTimestampUnit());
            }
        }

        void success() {
            if (given.compareAndSet(false, true)) {
                breaker.onSuccess(elapsed(), breaker.getTimestampUnit());
            }
        }

        void failure(Throwable failure) {
            if (given.compareAndSet(false, true)) {
                if (RouteFallback.isBrokenConnection(failure)) {
                    breaker.releasePermission();
                } else {
                    breaker.onError(elapsed(), breaker.getTimestampUnit(), failure);
                }
            }
        }

        /** The client went away: the call says nothing about the service. */
        void cancelled() {
            if (given.compareAndSet(false, true)) {
                breaker.releasePermission();
            }
        }

        private long elapsed() {
            return breaker.getCurrentTimestamp() - started;
        }
    }
}
