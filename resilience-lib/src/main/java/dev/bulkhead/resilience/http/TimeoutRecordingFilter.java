package dev.bulkhead.resilience.http;

import java.time.Duration;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Around every WebClient exchange: a timeout (Reactor Netty's response timeout arrives as a {@code
 * WebClientRequestException} caused by Netty's {@code ReadTimeoutException}) is logged and counted; the
 * error passes on unchanged.
 */
final class TimeoutRecordingFilter implements ExchangeFilterFunction {

    private final DownstreamTimeouts timeouts;
    private final String limit;

    TimeoutRecordingFilter(DownstreamTimeouts timeouts, String limit) {
        this.timeouts = timeouts;
        this.limit = limit;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return next.exchange(request)
                    .doOnError(
                            DownstreamTimeouts::isTimeout,
                            e -> timeouts.record(
                                    TimeoutRecordingInterceptor.downstream(request.url()),
                                    request.method().name(),
                                    Duration.ofNanos(System.nanoTime() - started),
                                    limit,
                                    e));
        });
    }
}
