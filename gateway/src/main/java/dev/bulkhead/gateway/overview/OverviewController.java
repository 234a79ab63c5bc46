package dev.bulkhead.gateway.overview;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The one endpoint the gateway answers itself; the security chain has verified the token before. */
@RestController
class OverviewController {

    private final ComposingOverview overview;

    OverviewController(ComposingOverview overview) {
        this.overview = overview;
    }

    @GetMapping("/api/v1/me/overview")
    Mono<Overview> overview(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        return overview.of(authorization);
    }
}
