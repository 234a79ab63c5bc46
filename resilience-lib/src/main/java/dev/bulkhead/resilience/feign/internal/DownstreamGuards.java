package dev.bulkhead.resilience.feign.internal;

import dev.bulkhead.resilience.BreakerSettings;
import dev.bulkhead.resilience.ResilienceProperties;
import feign.Response;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Resilience4j instances of every downstream, made on its first call from
 * {@link ResilienceProperties#downstream(String)} and kept in the application's registries (which
 * is how they reach {@code /actuator/prometheus}).
 */
public final class DownstreamGuards {

    private static final Logger log = LoggerFactory.getLogger(DownstreamGuards.class);

    /** Answers that say "not now" rather than "no": a gateway or a restarting service in between. */
    static final Set<Integer> RETRIED_STATUSES = Set.of(502, 503, 504);

    private final ResilienceProperties properties;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RetryRegistry retries;
    private final Clock clock;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();

    public DownstreamGuards(
            ResilienceProperties properties,
            CircuitBreakerRegistry breakers,
            BulkheadRegistry bulkheads,
            RetryRegistry retries,
            Clock clock) {
        this.properties = properties;
        this.breakers = breakers;
        this.bulkheads = bulkheads;
        this.retries = retries;
        this.clock = clock;
    }

    /** The guard of the Feign client {@code downstream}, made on first use. */
    public Guard of(String downstream) {
        return guards.computeIfAbsent(downstream, this::create);
    }

    /** Every guard made so far, by downstream. */
    public Map<String, Guard> all() {
        return Map.copyOf(guards);
    }

    private Guard create(String name) {
        ResilienceProperties.Downstream policy = properties.downstream(name);
        BreakerSettings b = policy.breaker().settings();
        CircuitBreaker breaker = breakers.circuitBreaker(
                name,
                b.configBuilder()
                        // 5xx answers fail like exceptions; 4xx are the caller's mistake, the downstream is fine.
                        .recordResult(result -> result instanceof Response response && response.status() >= 500)
                        .clock(clock)
                        .build());
        Bulkhead bulkhead = bulkheads.bulkhead(
                name,
                BulkheadConfig.custom()
                        .maxConcurrentCalls(policy.bulkhead().maxConcurrentCalls())
                        .maxWaitDuration(policy.bulkhead().maxWait())
                        .build());
        var r = policy.retry();
        RetryBudget budget = new RetryBudget(r.budgetRatio(), r.budgetWindow(), r.budgetMinRetries(), clock);
        Retry retry = retries.retry(
                name,
                RetryConfig.<Response>custom()
                        .maxAttempts(r.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                                r.initialBackoff(), 2.0, r.jitter(), r.maxBackoff()))
                        .retryOnException(withinBudget(ResilientClient::retryable, budget))
                        .retryOnResult(withinBudget(response -> RETRIED_STATUSES.contains(response.status()), budget))
                        // A retried answer's body is never read: give its connection back.
                        .consumeResultBeforeRetryAttempt((attempt, response) -> response.close())
                        .failAfterMaxAttempts(false)
                        .build());
        Guard guard = new Guard(name, breaker, bulkhead, retry, budget, r.maxAttempts(), b.waitInOpen(), clock);
        breaker.getEventPublisher().onStateTransition(event -> guard.transitioned(event.getStateTransition()));
        return guard;
    }

    /**
     * Retry when {@code retryable} says so and the budget has a retry left. The last attempt takes
     * nothing from the budget: Resilience4j asks before it counts attempts, and no retry follows it.
     */
    private static <T> Predicate<T> withinBudget(Predicate<T> retryable, RetryBudget budget) {
        return outcome -> retryable.test(outcome) && (Attempts.isLast() || budget.tryRetry());
    }

    /** The attempts of the call under way on this thread (calls are synchronous in Feign's client). */
    static final class Attempts {

        private static final ThreadLocal<int[]> CURRENT = new ThreadLocal<>();

        static void start(int maxAttempts) {
            CURRENT.set(new int[] {0, maxAttempts});
        }

        static void next() {
            int[] attempts = CURRENT.get();
            if (attempts != null) {
                attempts[0]++;
            }
        }

        static boolean isLast() {
            int[] attempts = CURRENT.get();
            return attempts != null && attempts[0] >= attempts[1];
        }

        static void end() {
            CURRENT.remove();
        }
    }

    /** One downstream's breaker, bulkhead, retry and retry budget. */
    public static final class Guard {

        private final String name;
        private final CircuitBreaker breaker;
        private final Bulkhead bulkhead;
        private final Retry retry;
        private final RetryBudget budget;
        private final int maxAttempts;
        private final Duration waitInOpen;
        private final Clock clock;
        private volatile Instant openedAt = Instant.MIN;

        Guard(
                String name,
                CircuitBreaker breaker,
                Bulkhead bulkhead,
                Retry retry,
                RetryBudget budget,
                int maxAttempts,
                Duration waitInOpen,
                Clock clock) {
            this.name = name;
            this.breaker = breaker;
            this.bulkhead = bulkhead;
            this.retry = retry;
            this.budget = budget;
            this.maxAttempts = maxAttempts;
            this.waitInOpen = waitInOpen;
            this.clock = clock;
        }

        public String name() {
            return name;
        }

        public CircuitBreaker breaker() {
            return breaker;
        }

        public Bulkhead bulkhead() {
            return bulkhead;
        }

        public Retry retry() {
            return retry;
        }

        RetryBudget budget() {
            return budget;
        }

        int maxAttempts() {
            return maxAttempts;
        }

        /** What is left of the open breaker's wait, at least a second. */
        Duration retryAfter() {
            Duration left = Duration.between(clock.instant(), openedAt.plus(waitInOpen));
            return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
        }

        void transitioned(CircuitBreaker.StateTransition transition) {
            CircuitBreaker.State to = transition.getToState();
            if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
                openedAt = clock.instant();
                log.warn(
                        "Circuit breaker of downstream {} {} -> {} (failure rate {} %): calls fail at once for {}",
                        name,
                        transition.getFromState(),
                        to,
                        breaker.getMetrics().getFailureRate(),
                        waitInOpen);
            } else {
                log.info("Circuit breaker of downstream {} {} -> {}", name, transition.getFromState(), to);
            }
        }
    }
}
