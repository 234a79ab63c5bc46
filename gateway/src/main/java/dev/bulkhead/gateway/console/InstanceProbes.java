package dev.bulkhead.gateway.console;

import dev.bulkhead.resilience.discovery.ServiceTargets;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Asks every instance of every service ({@code bulkhead.services.*}, the gateway's own view of the
 * system) for its health, readiness and Prometheus page, all at once, each bounded by the probe
 * timeout: a frozen instance shows as "no answer" instead of stalling the page. The gateway reads its
 * own registry. Only the public actuator endpoints are used, so no token travels to the services.
 */
@Component
class InstanceProbes {

    static final String GATEWAY = "gateway";

    /** The metric families the console shows; everything else on the page is skipped while parsing. */
    static final Predicate<String> WANTED = Readings.FAMILIES::contains;

    /** A Prometheus page with every histogram bucket is a few hundred KB, past the codecs' 256 KB default. */
    private static final int MAX_METRICS_PAGE = 8 * 1024 * 1024;

    private final WebClient http;
    private final ServiceTargets targets;
    private final ObjectProvider<PrometheusMeterRegistry> ownRegistry;
    private final ConsoleSettings settings;

    /**
     * @param http a plain client, not Boot's observed builder: the console's own probes must not show
     *     up as calls in the very metrics it draws
     */
    InstanceProbes(
            ServiceTargets targets, ObjectProvider<PrometheusMeterRegistry> ownRegistry, ConsoleSettings settings) {
        this.http = WebClient.builder()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_METRICS_PAGE))
                .build();
        this.targets = targets;
        this.ownRegistry = ownRegistry;
        this.settings = settings;
    }

    Mono<List<Probe>> all() {
        var services = targets.services().stream().sorted().toList();
        return Flux.concat(
                        Mono.fromSupplier(this::gateway),
                        Flux.fromIterable(services)
                                .flatMapSequential(service -> Flux.fromIterable(targets.of(service))
                                        .flatMapSequential(instance -> probe(service, instance))))
                .collectList();
    }

    private Probe gateway() {
        var registry = ownRegistry.getIfAvailable();
        var samples = registry == null ? List.<Sample>of() : PrometheusText.parse(registry.scrape(), WANTED);
        // it is answering this request, so it is up and ready
        return new Probe(GATEWAY, "this gateway", "UP", "UP", samples);
    }

    private Mono<Probe> probe(String service, URI instance) {
        return Mono.zip(
                        status(instance, "/actuator/health"),
                        status(instance, "/actuator/health/readiness"),
                        text(instance, "/actuator/prometheus")
                                .map(text -> PrometheusText.parse(text, WANTED))
                                .onErrorReturn(List.of()))
                .map(parts -> new Probe(service, instance.toString(), parts.getT1(), parts.getT2(), parts.getT3()));
    }

    private Mono<String> status(URI instance, String path) {
        return http.get()
                .uri(instance.resolve(path))
                .exchangeToMono(response -> response.bodyToMono(JsonNode.class))
                .map(body -> body.path("status").asString("UNKNOWN"))
                .timeout(settings.probeTimeout())
                .onErrorResume(failure -> Mono.just(reason(failure)));
    }

    private Mono<String> text(URI instance, String path) {
        return http.get()
                .uri(instance.resolve(path))
                .retrieve()
                .bodyToMono(String.class)
                .timeout(settings.probeTimeout());
    }

    private String reason(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "NO ANSWER in " + settings.probeTimeout().toMillis() + " ms";
        }
        if (failure instanceof WebClientResponseException response) {
            return "ANSWERED " + response.getStatusCode().value();
        }
        return "UNREACHABLE";
    }
}
