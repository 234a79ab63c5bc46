package dev.bulkhead.resilience.feign;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A call that resilience-lib did not send: the downstream's circuit breaker is open, or its bulkhead
 * is full. Nothing reached the downstream, so the call is safe to repeat later.
 *
 * <p>Feign wraps it like any I/O failure ({@code feign.RetryableException}, status -1), so code that
 * already handles {@code FeignException} keeps working; a fallback that wants the reason finds it with
 * {@link #in(Throwable)}.
 */
public final class DownstreamUnavailable extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the call was not sent. */
    public enum Reason {
        /** The breaker judged the downstream failing and refuses calls until its wait is over. */
        BREAKER_OPEN,
        /** As many calls as the bulkhead allows are already under way. */
        BULKHEAD_FULL
    }

    private final String downstream;
    private final Reason reason;
    private final transient Duration retryAfter;

    /**
     * @param downstream the Feign client's name
     * @param reason why the call was not sent
     * @param retryAfter a fair wait before trying again
     * @param cause Resilience4j's own exception
     */
    public DownstreamUnavailable(String downstream, Reason reason, Duration retryAfter, Throwable cause) {
        super(downstream + ": " + (reason == Reason.BREAKER_OPEN ? "circuit breaker open" : "bulkhead full"), cause);
        this.downstream = downstream;
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    /** The first {@code DownstreamUnavailable} in {@code failure}'s cause chain, if any. */
    public static Optional<DownstreamUnavailable> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DownstreamUnavailable unavailable) {
                return Optional.of(unavailable);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The Feign client's name. */
    public String downstream() {
        return downstream;
    }

    /** Why the call was not sent. */
    public Reason reason() {
        return reason;
    }

    /** A fair wait before trying again: the breaker's remaining wait, or a second for a full bulkhead. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
