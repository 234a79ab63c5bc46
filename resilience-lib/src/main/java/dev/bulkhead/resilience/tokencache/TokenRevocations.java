package dev.bulkhead.resilience.tokencache;

import dev.bulkhead.resilience.security.BulkheadSecurityProperties;
import dev.bulkhead.resilience.security.PollingRevocationList;
import dev.bulkhead.resilience.security.RevocationList;
import dev.bulkhead.resilience.tokencache.internal.SharedTier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The denylist every request is checked against, from two sources: auth-service, read every
 * {@code poll-interval} (the source of truth, and the fallback), and Redis, where auth-service
 * announces each logout on a pub/sub channel (every instance hears it within milliseconds) and keeps
 * the list in a sorted set (read when an instance starts or resubscribes, so an instance started
 * during an auth-service outage still knows the revocations from before it). Everything learned is
 * kept in memory until its token expires, so neither outage forgets a revocation.
 *
 * <p><b>Staleness.</b> The list is as current as the last successful read of auth-service. Past
 * {@code max-staleness} without one, a WARN is logged once, and with {@code fail-closed=true} every
 * token counts as revoked until auth-service answers again (an INFO says so). The age is exported as
 * {@value #STALENESS} (seconds).
 */
public final class TokenRevocations implements RevocationList, SmartLifecycle {

    /** Seconds since auth-service's denylist was last read successfully. */
    public static final String STALENESS = "bulkhead.security.revocations.staleness";

    private static final Logger log = LoggerFactory.getLogger(TokenRevocations.class);
    private static final Duration RESUBSCRIBE_FIRST = Duration.ofMillis(100);
    private static final Duration RESUBSCRIBE_MAX = Duration.ofSeconds(1);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(2);

    /** What auth-service's side looks like: {@link PollingRevocationList} in an application. */
    public interface Source extends RevocationList {

        /** @return when auth-service's list was last read, or null if never */
        Instant lastSuccessfulRead();

        /** Starts reading. */
        default void start() {}

        /** Stops reading. */
        default void stop() {}

        /** @return the polling list as a source */
        static Source of(PollingRevocationList polling) {
            return new Source() {
                @Override
                public boolean isRevoked(String jti) {
                    return polling.isRevoked(jti);
                }

                @Override
                public Instant lastSuccessfulRead() {
                    return polling.lastSuccessfulRead();
                }

                @Override
                public void start() {
                    polling.start();
                }

                @Override
                public void stop() {
                    polling.stop();
                }
            };
        }
    }

    private final Source source;
    private final SharedTier shared;
    private final Clock clock;
    private final Duration maxStaleness;
    private final boolean failClosed;
    private final Map<String, Instant> announced = new ConcurrentHashMap<>();
    private final Instant created;

    private volatile boolean stale;
    private volatile Disposable subscription;
    private volatile boolean running;

    /**
     * @param settings {@code max-staleness} and {@code fail-closed}
     * @param source auth-service's list
     * @param shared the Redis tier (announcements, the shared set), or null without Redis
     * @param clock the time staleness and expiry are judged by
     * @param meters where the staleness is exported, or null
     */
    public TokenRevocations(
            BulkheadSecurityProperties.Revocations settings,
            Source source,
            SharedTier shared,
            Clock clock,
            MeterRegistry meters) {
        this.source = source;
        this.shared = shared;
        this.clock = clock;
        this.maxStaleness = settings.maxStaleness();
        this.failClosed = settings.failClosed();
        this.created = clock.instant();
        if (meters != null) {
            Gauge.builder(STALENESS, this, list -> list.staleness().toMillis() / 1000.0)
                    .description("Seconds since auth-service's denylist was last read")
                    .baseUnit("seconds")
                    .register(meters);
        }
    }

    @Override
    public boolean isRevoked(String jti) {
        if (source.isRevoked(jti)) {
            return true;
        }
        Instant expiresAt = announced.get(jti);
        if (expiresAt != null) {
            if (expiresAt.isAfter(clock.instant())) {
                return true;
            }
            announced.remove(jti, expiresAt); // the token is refused for its exp now
        }
        return refuseForStaleness();
    }

    /** @return how long since auth-service's list was last read (since start if never) */
    public Duration staleness() {
        Instant last = source.lastSuccessfulRead();
        Duration age = Duration.between(last != null ? last : created, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** Learns a revocation announced by auth-service (called for each pub/sub message, and by tests). */
    public void announced(String jti, Instant expiresAt) {
        if (expiresAt.isAfter(clock.instant())) {
            announced.put(jti, expiresAt);
        }
    }

    private boolean refuseForStaleness() {
        Duration age = staleness();
        if (age.compareTo(maxStaleness) > 0) {
            if (!stale) {
                stale = true;
                log.warn(
                        "The denylist was last read from auth-service {} s ago, more than max-staleness {};" + " {}",
                        age.toSeconds(),
                        maxStaleness,
                        failClosed
                                ? "refusing every token until it answers (fail-closed)"
                                : "tokens revoked since then may still pass (fail-open)");
            }
            return failClosed;
        }
        if (stale) {
            stale = false;
            log.info("The denylist is current again (read from auth-service {} s ago)", age.toSeconds());
        }
        return false;
    }

    private void onAnnouncement(String message) {
        int space = message.indexOf(' ');
        try {
            announced(message.substring(0, space), Instant.ofEpochMilli(Long.parseLong(message.substring(space + 1))));
        } catch (RuntimeException e) {
            log.warn("Ignoring a malformed revocation announcement: {}", message);
        }
    }

    /** Everything on the shared list: on start and after each resubscription, for what was missed. */
    private Mono<Void> catchUp() {
        return Mono.defer(() -> shared.revoked(clock.instant()))
                .timeout(CATCH_UP_TIMEOUT)
                .doOnNext(all -> all.forEach(this::announced))
                .onErrorResume(failure -> {
                    log.debug("Cannot read the shared denylist yet: {}", failure.toString());
                    return Mono.empty();
                })
                .then();
    }

    @Override
    public void start() {
        running = true;
        source.start();
        if (shared != null) {
            subscription = Flux.defer(() -> catchUp().thenMany(shared.announcements()))
                    .retryWhen(Retry.backoff(Long.MAX_VALUE, RESUBSCRIBE_FIRST)
                            .maxBackoff(RESUBSCRIBE_MAX)
                            .doBeforeRetry(signal -> log.debug(
                                    "Revocation announcements interrupted ({}); resubscribing",
                                    signal.failure().toString())))
                    .subscribe(this::onAnnouncement);
        }
    }

    @Override
    public void stop() {
        Disposable current = subscription;
        subscription = null;
        if (current != null) {
            current.dispose();
        }
        source.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
