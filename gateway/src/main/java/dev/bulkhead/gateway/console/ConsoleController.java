package dev.bulkhead.gateway.console;

import dev.bulkhead.resilience.discovery.ServiceTargets;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The console's API. Every path under /api/v1/console is admin-only (bulkhead.security.admin-paths in
 * the gateway's application.yml): the security chain has answered 401 or 403 before any of this runs.
 */
@RestController
class ConsoleController {

    /** Proxies and browsers close a silent stream; a comment line every so often keeps it open. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final InstanceProbes probes;
    private final Readings readings;
    private final SagaFeed sagas;
    private final DeadLetters deadLetters;
    private final BreakItControls controls;
    private final Clock clock = Clock.systemUTC();

    ConsoleController(
            InstanceProbes probes,
            ServiceTargets targets,
            SagaFeed sagas,
            DeadLetters deadLetters,
            BreakItControls controls) {
        this.probes = probes;
        this.readings = new Readings(targets.services());
        this.sagas = sagas;
        this.deadLetters = deadLetters;
        this.controls = controls;
    }

    /** The page itself is static (classpath:/static/console/); this only gives it a short address. */
    @GetMapping({"/console", "/console/"})
    ResponseEntity<Void> page() {
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(URI.create("/console/index.html"))
                .build();
    }

    @GetMapping("/api/v1/console/snapshot")
    Mono<Snapshot> snapshot() {
        return probes.all().map(all -> readings.read(all, clock.instant()));
    }

    @GetMapping(path = "/api/v1/console/sagas", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Timeline>> sagas() {
        if (!sagas.enabled()) throw new KafkaAbsent();
        var timelines = sagas.timelines()
                .map(timeline -> ServerSentEvent.builder(timeline)
                        .event("timeline")
                        .id(timeline.orderId())
                        .build());
        var keepAlive = Flux.interval(KEEP_ALIVE)
                .map(tick -> ServerSentEvent.<Timeline>builder()
                        .comment("keep-alive")
                        .build());
        return Flux.merge(timelines, keepAlive);
    }

    @GetMapping("/api/v1/console/dead-letters")
    Mono<Map<String, List<DeadLetter>>> deadLetters() {
        if (!deadLetters.enabled()) throw new KafkaAbsent();
        return deadLetters.newest();
    }

    @PostMapping("/api/v1/console/dead-letters/{topic}/{partition}/{offset}/replay")
    Mono<ResponseEntity<DeadLetters.Replayed>> replay(
            @PathVariable String topic, @PathVariable int partition, @PathVariable long offset) {
        if (!deadLetters.enabled()) throw new KafkaAbsent();
        return deadLetters
                .replay(topic, partition, offset)
                .map(replayed -> ResponseEntity.accepted().body(replayed));
    }

    @GetMapping("/api/v1/console/controls")
    Mono<JsonNode> controls() {
        return controls.targets();
    }

    @PostMapping("/api/v1/console/controls")
    Mono<JsonNode> breakIt(@Valid @RequestBody BreakItAction action) {
        return controls.apply(action);
    }
}
