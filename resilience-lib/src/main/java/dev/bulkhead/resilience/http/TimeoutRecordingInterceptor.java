package dev.bulkhead.resilience.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/** Around every RestClient call: a timeout is logged and counted, then rethrown unchanged. */
final class TimeoutRecordingInterceptor implements ClientHttpRequestInterceptor {

    private final DownstreamTimeouts timeouts;
    private final String limit;

    TimeoutRecordingInterceptor(DownstreamTimeouts timeouts, String limit) {
        this.timeouts = timeouts;
        this.limit = limit;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        long started = System.nanoTime();
        try {
            return execution.execute(request, body);
        } catch (IOException | RuntimeException e) {
            if (DownstreamTimeouts.isTimeout(e)) {
                timeouts.record(
                        downstream(request.getURI()),
                        request.getMethod().name(),
                        Duration.ofNanos(System.nanoTime() - started),
                        limit,
                        e);
            }
            throw e;
        }
    }

    /** {@code host:port}: bounded, unlike the URL. */
    static String downstream(URI uri) {
        int port = uri.getPort();
        if (port == -1) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        return uri.getHost() + ":" + port;
    }
}
