package dev.bulkhead.resilience.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Where every expired timeout of an out-of-process call is logged (downstream, operation, elapsed time,
 * limit, trace id) and counted in {@value #METER}{@code {downstream,operation}}: the same meter the Feign
 * integration uses, so one panel shows HTTP clients, Feign clients and the database side by side. Tag
 * values must be bounded: a host:port or client name, a method or a method name, never a URL.
 */
public final class DownstreamTimeouts {

    /** Calls that failed because a timeout expired, by downstream and operation. */
    public static final String METER = "bulkhead.downstream.timeouts";

    private static final Logger log = LoggerFactory.getLogger(DownstreamTimeouts.class);

    private final MeterRegistry meters;

    /** @param meters where timeouts are counted */
    public DownstreamTimeouts(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Logs and counts one timeout.
     *
     * @param downstream bounded: a host:port, a client name, {@code database}
     * @param operation bounded: an HTTP method, a client method, {@code query}
     * @param elapsed how long the call ran, or null when unknown
     * @param limit the limits that applied, as read by a human (e.g. {@code connect 1000 ms, read 3000 ms})
     * @param failure what the client threw
     */
    public void record(String downstream, String operation, Duration elapsed, String limit, Throwable failure) {
        register(downstream, operation).increment();
        log.warn(
                "Timeout calling {} {} after {} (limit {}, trace {}): {}",
                downstream,
                operation,
                elapsed == null ? "?" : elapsed.toMillis() + " ms",
                limit,
                MDC.get("traceId"),
                describe(failure));
    }

    /**
     * The counter of one downstream operation, registered at zero if it is new: callers that know their
     * operations before the first timeout register them, so that dashboards and alerts see the series.
     *
     * @param downstream bounded, as for {@link #record}
     * @param operation bounded, as for {@link #record}
     * @return the counter
     */
    public Counter register(String downstream, String operation) {
        return Counter.builder(METER)
                .description("Calls to a downstream that failed because a timeout expired")
                .tag("downstream", downstream)
                .tag("operation", operation)
                .register(meters);
    }

    /** The failure and, if different, its root cause (a WebClientRequestException says little by itself). */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : failure + " caused by " + root;
    }

    /**
     * Whether a timeout expired anywhere in the failure's causes: {@code SocketTimeoutException} (JDK and
     * Apache clients), {@code HttpTimeoutException} (JDK {@code HttpClient}), Netty's {@code
     * ReadTimeoutException}/{@code ConnectTimeoutException} inside a {@code WebClientRequestException},
     * Reactor's {@code TimeoutException}, Spring's {@code QueryTimeoutException}. Matched by name, so no
     * client library has to be on the classpath.
     */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
