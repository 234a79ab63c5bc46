package dev.bulkhead.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.ApplicationStartsContract;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * gateway starts for real against the test infrastructure: see the contract for what that means. The
 * gateway propagates context in Reactor's limited mode, so the traced request it is asked for is one
 * it logs itself: a route whose service cannot be reached.
 */
class GatewayStartsIT extends ApplicationStartsContract {

    @DynamicPropertySource
    static void inventoryNowhere(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        registry.add("bulkhead.services.inventory", () -> "http://127.0.0.1:" + closed);
    }

    @Override
    protected void sendALoggedRequest(String traceparent) throws Exception {
        HttpResponse<String> response =
                get("/api/v1/products/00000000-0000-4000-8000-000000000001", Map.of("traceparent", traceparent));
        assertThat(response.statusCode())
                .as("the unreachable route's answer: %s", response.body())
                .isEqualTo(503);
    }
}
