package dev.bulkhead.gateway.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

class RequestTraceTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final ObservationRegistry registry = ObservationRegistry.create();
    private ObservationRegistry previous;

    @BeforeEach
    void traceOnScopeAsTracingDoes() {
        // What Micrometer Tracing does for the log pattern: a span in scope is in the MDC.
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onScopeOpened(Observation.Context context) {
                MDC.put("traceId", context.getRequired("traceId"));
            }

            @Override
            public void onScopeClosed(Observation.Context context) {
                MDC.remove("traceId");
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        previous = ObservationThreadLocalAccessor.getInstance().getObservationRegistry();
        ObservationThreadLocalAccessor.getInstance().setObservationRegistry(registry);
        assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
                .as("the accessor Micrometer registers for observations")
                .anyMatch(accessor -> accessor.key().equals(ObservationThreadLocalAccessor.KEY));
    }

    @AfterEach
    void restoreTheGlobalRegistry() {
        ObservationThreadLocalAccessor.getInstance().setObservationRegistry(previous);
        MDC.clear();
    }

    @Test
    void writesTheLineWithTheRequestsTraceOnTheThreadAndTakesItOffAfterwards() {
        Observation request = Observation.createNotStarted("http.server.requests", registry);
        request.getContext().put("traceId", TRACE_ID);
        request.start();
        AtomicReference<String> onTheLine = new AtomicReference<>();

        String afterTheLine = RequestTrace.logThen(
                        () -> onTheLine.set(MDC.get("traceId")),
                        () -> Mono.fromCallable(() -> String.valueOf(MDC.get("traceId"))))
                .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, request))
                .block();
        request.stop();

        assertThat(onTheLine).hasValue(TRACE_ID);
        assertThat(afterTheLine)
                .as("the trace on the thread once the line is written")
                .isEqualTo("null");
    }

    @Test
    void writesTheLineWithoutATraceWhenTheRequestHasNone() {
        AtomicReference<String> onTheLine = new AtomicReference<>("untouched");

        RequestTrace.logThen(() -> onTheLine.set(MDC.get("traceId")), Mono::empty)
                .block();

        assertThat(onTheLine).hasValue(null);
    }
}
