package dev.bulkhead.gateway.errors;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Puts the request's trace back on the thread for a log line the gateway writes inside a reactive
 * pipeline. The gateway propagates context in Reactor's limited mode: restoring the trace around
 * every operator (the automatic mode) cost it about a fifth of its throughput, so the thread locals a
 * log pattern reads ({@code traceId}, {@code spanId}) are there only where something restores them
 * from the Reactor context, as this does.
 */
public final class RequestTrace {

    private static final ContextSnapshotFactory SNAPSHOTS =
            ContextSnapshotFactory.builder().build();

    private RequestTrace() {}

    /**
     * @param line writes the log line; runs with the subscriber's trace on the thread
     * @param then what the pipeline goes on with, assembled after the line is written
     * @param <T> what {@code then} emits
     * @return a Mono that writes the line when subscribed, then continues with {@code then}
     */
    public static <T> Mono<T> logThen(Runnable line, Supplier<Mono<T>> then) {
        return Mono.deferContextual(context -> {
            try (ContextSnapshot.Scope restored = SNAPSHOTS.setThreadLocalsFrom(context)) {
                line.run();
            }
            return then.get();
        });
    }
}
