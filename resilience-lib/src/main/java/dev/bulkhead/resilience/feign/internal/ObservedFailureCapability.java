package dev.bulkhead.resilience.feign.internal;

import feign.Capability;
import feign.Client;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import java.io.IOException;
import org.springframework.core.Ordered;

/**
 * Lets feign-micrometer's observation end the CLIENT span of a request that failed in transport.
 * Its {@code MicrometerObservationCapability} (13.6) stops the observation only when the client
 * throws a {@code FeignException}: a refused connection or a timeout, an {@link IOException}, would
 * leave the span open, never exported, and the {@code http.client.requests} timer unrecorded. This
 * capability goes innermost (Spring Cloud OpenFeign applies capabilities in {@link Ordered} order,
 * the first innermost), so the observation sees the {@link IOException} as the
 * {@link RetryableException} Feign itself would make of it; {@link ResilientClient}, outside the
 * observation, takes the {@link IOException} out again, so its retry and timeout rules are unchanged.
 */
public final class ObservedFailureCapability implements Capability, Ordered {

    @Override
    public Client enrich(Client client) {
        return client instanceof FailureAsFeignException ? client : new FailureAsFeignException(client);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private record FailureAsFeignException(Client delegate) implements Client {

        @Override
        public Response execute(Request request, Request.Options options) {
            try {
                return delegate.execute(request, options);
            } catch (IOException e) {
                throw new RetryableException(-1, e.getMessage(), request.httpMethod(), e, (Long) null, request);
            }
        }
    }
}
