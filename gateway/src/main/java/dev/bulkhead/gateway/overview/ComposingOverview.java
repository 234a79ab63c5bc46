package dev.bulkhead.gateway.overview;

import dev.bulkhead.resilience.discovery.ServiceTargets;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Asks user-, order- and notification-service at the same time, each on the caller's own token
 * (so each service enforces ownership itself), each bounded by the part timeout. A part that fails
 * or is slow becomes {@link Part#missing}; the others still answer.
 */
@Service
class ComposingOverview {

    private static final Logger log = LoggerFactory.getLogger(ComposingOverview.class);

    private final WebClient http;
    private final OverviewSettings settings;

    private final ServiceTargets targets;
    private final AtomicInteger turn = new AtomicInteger();

    /**
     * @param http Boot's builder (traced, with the shared client timeouts)
     * @param targets the instances of each service ({@code bulkhead.services.*}); each part takes the
     *     next in turn (a dead one makes its part unavailable, the next request asks another)
     */
    ComposingOverview(WebClient.Builder http, ServiceTargets targets, OverviewSettings settings) {
        this.http = http.build();
        this.targets = targets;
        this.settings = settings;
    }

    Mono<Overview> of(String authorization) {
        return Mono.zip(
                        part("user", "user", "/api/v1/users/me", authorization),
                        part("orders", "order", "/api/v1/orders?limit=" + settings.recentOrders(), authorization),
                        part(
                                "notifications",
                                "notification",
                                "/api/v1/notifications?limit=" + settings.notifications(),
                                authorization))
                .map(parts -> new Overview(parts.getT1(), parts.getT2(), parts.getT3()));
    }

    private Mono<Part> part(String name, String service, String path, String authorization) {
        List<URI> instances = targets.of(service);
        Mono<URI> base = instances.isEmpty()
                ? Mono.error(new IllegalStateException("bulkhead.services." + service + " is not set"))
                : Mono.just(instances.get(Math.floorMod(turn.getAndIncrement(), instances.size())));
        return base.flatMap(chosen -> http.get()
                        .uri(URI.create(chosen + path))
                        .header(HttpHeaders.AUTHORIZATION, authorization)
                        .retrieve()
                        .bodyToMono(JsonNode.class))
                .map(Part::of)
                .timeout(settings.partTimeout())
                .onErrorResume(failure -> {
                    String reason = reason(failure);
                    log.warn("Overview part {} unavailable: {}", name, reason);
                    return Mono.just(Part.missing(reason));
                });
    }

    private String reason(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "timeout after " + settings.partTimeout().toMillis() + " ms";
        }
        if (failure instanceof WebClientResponseException response) {
            return "answered " + response.getStatusCode().value();
        }
        return "unreachable";
    }
}
