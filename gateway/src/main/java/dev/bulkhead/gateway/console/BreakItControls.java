package dev.bulkhead.gateway.console;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Forwards the console's break-it actions to the dev stack launcher's control endpoint, with the secret
 * the launcher gave this gateway; the admin's token never leaves the gateway. Outside the dev stack no
 * endpoint is configured and every action is {@link ControlsAbsent}.
 */
@Component
class BreakItControls {

    /** The launcher's header for its secret (tooling/devstack control/ControlServer). */
    static final String SECRET_HEADER = "X-Bulkhead-Control-Secret";

    /** Names and actions are path segments of the launcher's API: nothing else gets through. */
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9-]{1,40}");

    private final ConsoleSettings settings;
    private final WebClient http;

    BreakItControls(ConsoleSettings settings) {
        this.settings = settings;
        this.http = WebClient.create();
    }

    Mono<JsonNode> targets() {
        return Mono.defer(() -> call(http.get().uri(base() + "/v1/targets")));
    }

    Mono<JsonNode> apply(BreakItAction action) {
        if (!SEGMENT.matcher(action.target()).matches()
                || !SEGMENT.matcher(action.action()).matches()) {
            return Mono.error(new ControlRefused(HttpStatus.BAD_REQUEST, "unknown target or action"));
        }
        return Mono.defer(
                () -> call(http.post().uri(base() + "/v1/targets/" + action.target() + "/" + action.action())));
    }

    private String base() {
        if (!settings.control().present()) throw new ControlsAbsent();
        return settings.control().url().toString().replaceAll("/+$", "");
    }

    private Mono<JsonNode> call(WebClient.RequestHeadersSpec<?> request) {
        return request.header(SECRET_HEADER, settings.control().secret())
                .exchangeToMono(response -> response.bodyToMono(JsonNode.class).flatMap(body -> {
                    if (response.statusCode().is2xxSuccessful()) return Mono.just(body);
                    // the launcher's own words: "cannot unfreeze order while it is running", "no target named x"
                    var status = HttpStatus.resolve(response.statusCode().value());
                    return Mono.error(new ControlRefused(
                            status == null || status.is5xxServerError() ? HttpStatus.BAD_GATEWAY : status,
                            body.path("detail").asString("the launcher refused")));
                }))
                .timeout(settings.probeTimeout().multipliedBy(4))
                .onErrorMap(
                        failure -> !(failure instanceof ControlRefused),
                        failure -> new ControlRefused(HttpStatus.BAD_GATEWAY, "the dev stack launcher did not answer"));
    }
}
