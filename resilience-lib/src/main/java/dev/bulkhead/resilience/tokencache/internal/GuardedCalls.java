package dev.bulkhead.resilience.tokencache.internal;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Every call to the shared tier goes through here: a short timeout, then the breaker. A request
 * asks Redis only while the breaker is closed; otherwise it goes on without Redis at once, and the
 * call is made in the background instead (an open breaker refuses it without I/O, a half-open one
 * lets a few through), so that the breaker learns Redis is back without a request paying for it.
 * Each fallback is counted in {@value #FALLBACKS}.
 */
public final class GuardedCalls {

    /** Requests that went on without the shared tier, by operation and reason. */
    public static final String FALLBACKS = "bulkhead.token.cache.redis.fallbacks";

    private static final List<String> REASONS = List.of("breaker-open", "timeout", "error");

    private static final Logger log = LoggerFactory.getLogger(GuardedCalls.class);

    /**
     * Where a call to Redis is subscribed, never on the request's thread. Subscribing dispatches the
     * command, and while the connection is being re-established Lettuce can hold the subscribing thread
     * far longer than the timeout (a request with auth-service and Redis both cut waited 10 s and more
     * inside a background trial call). On its own threads the timeout bounds what the request waits;
     * a stuck call holds one of these, not the request. Few threads, a bounded queue: a call that finds
     * it full fails at once and the request goes on without Redis, as for any other failure.
     */
    static final Scheduler REDIS = Schedulers.newBoundedElastic(4, 1_000, "bulkhead-token-cache-redis", 60, true);

    private final CircuitBreaker breaker;
    private final Scheduler subscribeOn;
    private final Duration timeout;
    private final MeterRegistry meters;
    /** Operations whose fallback counters exist (at zero until the first fallback), so alerts see them. */
    private final Set<String> counted = ConcurrentHashMap.newKeySet();

    /**
     * @param breaker the breaker around Redis; its transitions are logged here
     * @param timeout the longest a call may take
     * @param meters where fallbacks are counted, or null
     */
    public GuardedCalls(CircuitBreaker breaker, Duration timeout, MeterRegistry meters) {
        this(breaker, timeout, meters, REDIS);
    }

    /**
     * @param breaker the breaker around Redis; its transitions are logged here
     * @param timeout the longest a call may take
     * @param meters where fallbacks are counted, or null
     * @param subscribeOn where calls are subscribed; {@code Schedulers.immediate()} only for a stand-in
     *     Redis that answers at once, in tests that read what was written as soon as the call returns
     */
    public GuardedCalls(CircuitBreaker breaker, Duration timeout, MeterRegistry meters, Scheduler subscribeOn) {
        this.subscribeOn = subscribeOn;
        this.breaker = breaker;
        this.timeout = timeout;
        this.meters = meters;
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State to = event.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN) {
                log.warn(
                        "Token cache: Redis breaker {} {}; requests go on with the local tier and local"
                                + " signature checks",
                        breaker.getName(),
                        event.getStateTransition());
            } else {
                log.info("Token cache: Redis breaker {} {}", breaker.getName(), event.getStateTransition());
            }
        });
    }

    /** @return the breaker */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** @return whether a request may wait for Redis (at most the timeout) */
    public boolean closed() {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> true;
            default -> false;
        };
    }

    /**
     * The call, bounded and guarded; a failure becomes empty and is counted.
     *
     * @param call the call
     * @param operation for the metric
     * @return the result, or empty if Redis failed, was too slow or the breaker refused
     */
    public <T> Mono<T> call(Mono<T> call, String operation) {
        if (meters != null && counted.add(operation)) {
            for (String reason : REASONS) {
                meters.counter(FALLBACKS, "operation", operation, "reason", reason);
            }
        }
        return call.subscribeOn(subscribeOn)
                .timeout(timeout)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(failure -> {
                    fellBack(operation, reason(failure));
                    return Mono.empty();
                });
    }

    /** Makes the call off the request path, its result ignored. */
    public void inBackground(Mono<?> call, String operation) {
        call.subscribeOn(subscribeOn)
                .timeout(timeout)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .subscribe(ignored -> {}, failure -> {});
    }

    /** Counts a request that did not ask Redis, or asked in vain. */
    public void fellBack(String operation, String reason) {
        if (meters != null) {
            meters.counter(FALLBACKS, "operation", operation, "reason", reason).increment();
        }
    }

    private static String reason(Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return "breaker-open";
        }
        if (failure instanceof TimeoutException) {
            return "timeout";
        }
        return "error";
    }
}
