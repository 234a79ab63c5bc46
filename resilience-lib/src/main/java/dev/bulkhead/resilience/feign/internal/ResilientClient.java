package dev.bulkhead.resilience.feign.internal;

import dev.bulkhead.resilience.feign.DownstreamUnavailable;
import dev.bulkhead.resilience.http.DownstreamTimeouts;
import feign.Client;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Feign {@link Client} with the downstream's guards around it, outermost first:
 *
 * <ol>
 *   <li><b>bulkhead</b> — a call that finds no free place is refused before anything else sees it,
 *       so a refusal never counts against the downstream's breaker;
 *   <li><b>circuit breaker</b> — judges whole calls: a call retried twice is one call, failed or not;
 *   <li><b>retry</b> (with its budget) — only for idempotent methods and requests that carry an
 *       {@code Idempotency-Key}, after a failed connection or a 502/503/504, never after a timeout;
 *   <li><b>timeouts</b> — the connect and read timeouts of the client's {@link Request.Options}; each
 *       one that expires is logged and counted.
 * </ol>
 *
 * Refusals leave as {@link DownstreamUnavailable}, an {@link IOException}, which Feign turns into the
 * {@code RetryableException} callers already handle.
 */
final class ResilientClient implements Client {

    /** Methods that do the same thing however often they are sent (RFC 9110, 9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REJECTIONS = "bulkhead.downstream.rejections";

    private final Client delegate;
    private final DownstreamGuards guards;
    private final MeterRegistry meters;
    /** Where a call that ran out of its connect or read timeout is logged and counted. */
    private final DownstreamTimeouts timeouts;
    /**
     * Downstream operations already called: the first call registers its timeout counter and its
     * downstream's rejection counters at zero, so dashboards and alerts see the series before the first
     * timeout or refusal.
     */
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    ResilientClient(Client delegate, DownstreamGuards guards, MeterRegistry meters) {
        this.delegate = delegate;
        this.guards = guards;
        this.meters = meters;
        this.timeouts = new DownstreamTimeouts(meters);
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        String downstream = downstream(request);
        String operation = operation(request);
        if (registered.add(downstream + ' ' + operation)) {
            for (DownstreamUnavailable.Reason reason : DownstreamUnavailable.Reason.values()) {
                rejections(downstream, reason);
            }
            timeouts.register(downstream, operation);
        }
        DownstreamGuards.Guard guard = guards.of(downstream);
        try {
            return guard.bulkhead()
                    .executeCheckedSupplier(() -> guard.breaker()
                            .executeCheckedSupplier(() -> attempts(guard, request, options, downstream, operation)));
        } catch (BulkheadFullException e) {
            rejected(downstream, DownstreamUnavailable.Reason.BULKHEAD_FULL);
            throw new DownstreamUnavailable(
                    downstream, DownstreamUnavailable.Reason.BULKHEAD_FULL, Duration.ofSeconds(1), e);
        } catch (CallNotPermittedException e) {
            rejected(downstream, DownstreamUnavailable.Reason.BREAKER_OPEN);
            throw new DownstreamUnavailable(
                    downstream, DownstreamUnavailable.Reason.BREAKER_OPEN, guard.retryAfter(), e);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    private Response attempts(
            DownstreamGuards.Guard guard, Request request, Request.Options options, String downstream, String operation)
            throws Throwable {
        guard.budget().recordCall(); // calls that get this far are sent: the base the budget grows with
        if (guard.maxAttempts() <= 1 || !safeToRepeat(request)) {
            return once(request, options, downstream, operation);
        }
        DownstreamGuards.Attempts.start(guard.maxAttempts());
        try {
            return guard.retry().executeCheckedSupplier(() -> {
                DownstreamGuards.Attempts.next();
                return once(request, options, downstream, operation);
            });
        } finally {
            DownstreamGuards.Attempts.end();
        }
    }

    private Response once(Request request, Request.Options options, String downstream, String operation)
            throws IOException {
        long started = System.nanoTime();
        try {
            return sent(request, options);
        } catch (IOException e) {
            if (isTimeout(e)) {
                timeouts.record(
                        downstream,
                        operation,
                        Duration.ofNanos(System.nanoTime() - started),
                        "connect " + options.connectTimeoutMillis() + " ms, read " + options.readTimeoutMillis()
                                + " ms",
                        e);
            }
            throw e;
        }
    }

    private void rejected(String downstream, DownstreamUnavailable.Reason reason) {
        rejections(downstream, reason).increment();
    }

    private Counter rejections(String downstream, DownstreamUnavailable.Reason reason) {
        return Counter.builder(REJECTIONS)
                .description("Calls resilience-lib did not send: open breaker or full bulkhead")
                .tag("downstream", downstream)
                .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters);
    }

    /**
     * The delegate's answer, its transport failure back as the {@link IOException} it was: the
     * observation inside wraps it (see {@link ObservedFailureCapability}), the retry here judges it.
     */
    private Response sent(Request request, Request.Options options) throws IOException {
        try {
            return delegate.execute(request, options);
        } catch (RetryableException e) {
            if (e.getCause() instanceof IOException transport) {
                throw transport;
            }
            throw e;
        }
    }

    /** A failure worth another try: the connection failed or broke, but no timeout expired. */
    static boolean retryable(Throwable e) {
        return e instanceof IOException && !isTimeout(e) && !(e instanceof DownstreamUnavailable);
    }

    static boolean isTimeout(Throwable e) {
        return e instanceof SocketTimeoutException || e instanceof HttpTimeoutException;
    }

    /** Idempotent methods, and anything that carries an idempotency key. */
    static boolean safeToRepeat(Request request) {
        if (IDEMPOTENT.contains(request.httpMethod().name())) {
            return true;
        }
        return request.headers().entrySet().stream()
                .anyMatch(header -> header.getKey().equalsIgnoreCase(IDEMPOTENCY_KEY)
                        && header.getValue() != null
                        && header.getValue().stream().anyMatch(v -> v != null && !v.isBlank()));
    }

    private static String downstream(Request request) {
        var target = request.requestTemplate() == null
                ? null
                : request.requestTemplate().feignTarget();
        return target != null && target.name() != null ? target.name() : "unknown";
    }

    /** The client method, e.g. {@code InventoryClient#products(String)}: a bounded tag, unlike a URL. */
    private static String operation(Request request) {
        var metadata = request.requestTemplate() == null
                ? null
                : request.requestTemplate().methodMetadata();
        return metadata != null && metadata.configKey() != null
                ? metadata.configKey()
                : request.httpMethod().name();
    }
}
