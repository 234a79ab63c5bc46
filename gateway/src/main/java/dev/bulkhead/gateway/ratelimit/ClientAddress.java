package dev.bulkhead.gateway.ratelimit;

import java.net.InetSocketAddress;
import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * The client's IP, the key of anonymous and per-IP limits. {@code X-Forwarded-For} is believed only as
 * far as configured: with {@code n} trusted proxies in front, the client is the {@code n}-th entry from
 * the right (each proxy appends the address it saw), so whatever a client writes into the header
 * itself is ignored. With none, the header is ignored and the TCP peer is the client.
 */
final class ClientAddress {

    static final String UNKNOWN = "unknown";

    private final RemoteAddressResolver resolver;

    ClientAddress(int trustedProxies) {
        this.resolver = trustedProxies == 0
                ? new RemoteAddressResolver() {}
                : XForwardedRemoteAddressResolver.maxTrustedIndex(trustedProxies);
    }

    String of(ServerWebExchange exchange) {
        InetSocketAddress address = resolver.resolve(exchange);
        if (address == null) {
            return UNKNOWN;
        }
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
