package dev.bulkhead.resilience.tracing;

import feign.Client;
import feign.Request;
import feign.Response;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One CLIENT span per Feign call, a child of the caller's current span, with its context in the
 * request's headers ({@code traceparent}), so the called service's server span continues the trace.
 */
final class TracingFeignClient implements Client {

    private final Client delegate;
    private final Tracer tracer;
    private final Propagator propagator;

    TracingFeignClient(Client delegate, Tracer tracer, Propagator propagator) {
        this.delegate = delegate;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        String method = request.httpMethod().name();
        URI uri = URI.create(request.url());
        Span.Builder builder = tracer.spanBuilder();
        Span caller = tracer.currentSpan();
        if (caller != null) {
            builder.setParent(caller.context());
        }
        Span span = builder.kind(Span.Kind.CLIENT)
                .name("http " + method.toLowerCase(Locale.ROOT))
                .tag("http.request.method", method)
                .tag("server.address", String.valueOf(uri.getHost()))
                .tag("url.path", String.valueOf(uri.getPath()))
                .start();
        Map<String, Collection<String>> headers = new LinkedHashMap<>(request.headers());
        propagator.inject(span.context(), headers, (carrier, key, value) -> carrier.put(key, List.of(value)));
        Request traced = Request.create(
                request.httpMethod(),
                request.url(),
                headers,
                request.body(),
                request.charset(),
                request.requestTemplate());
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            Response response = delegate.execute(traced, options);
            span.tag("http.response.status_code", Integer.toString(response.status()));
            if (response.status() >= 500) {
                span.tag("error.type", Integer.toString(response.status()));
            }
            return response;
        } catch (IOException | RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
