package dev.bulkhead.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class ClientAddressTest {

    private static MockServerWebExchange from(String peer, String forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request =
                MockServerHttpRequest.get("/api/v1/products").remoteAddress(new InetSocketAddress(peer, 40_000));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return MockServerWebExchange.from(request);
    }

    @Test
    void ignoresXForwardedForUnlessProxiesAreTrusted() {
        var exchange = from("192.0.2.10", "203.0.113.7");

        assertThat(new ClientAddress(0).of(exchange)).isEqualTo("192.0.2.10");
    }

    @Test
    void takesTheAddressTheTrustedProxySawNotWhatTheClientWrote() {
        // The client forged the first entry; the one proxy in front appended the address it saw.
        var exchange = from("10.0.0.5", "1.2.3.4, 203.0.113.7");

        assertThat(new ClientAddress(1).of(exchange)).isEqualTo("203.0.113.7");
    }

    @Test
    void usesThePeerWhenATrustedProxySentNoHeader() {
        assertThat(new ClientAddress(1).of(from("192.0.2.10", null))).isEqualTo("192.0.2.10");
    }
}
