package dev.bulkhead.auth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/v1/revocations?since=} for verifiers. Internal: the gateway routes only
 * {@code /api/**} and the JWKS, so this is reachable on the service network only.
 */
@RestController
class RevocationsController {

    /**
     * {@code asOf} lags the query by this much: a revocation whose transaction was still committing
     * while a poll ran is listed again by the next poll ({@code since=asOf}) instead of being missed.
     */
    static final Duration COMMIT_OVERLAP = Duration.ofSeconds(5);

    private final Denylist denylist;
    private final Clock clock;

    RevocationsController(Denylist denylist, Clock clock) {
        this.denylist = denylist;
        this.clock = clock;
    }

    @GetMapping("/internal/v1/revocations")
    Revocations revocations(@RequestParam(required = false) Instant since) {
        Instant now = clock.instant();
        return new Revocations(now.minus(COMMIT_OVERLAP), denylist.active(since, now));
    }

    record Revocations(Instant asOf, List<Denylist.Revocation> revocations) {}
}
