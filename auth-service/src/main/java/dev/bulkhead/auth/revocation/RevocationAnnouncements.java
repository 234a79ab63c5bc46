package dev.bulkhead.auth.revocation;

import dev.bulkhead.resilience.tokencache.RevocationFanout;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Once a revocation has committed, announces it on Redis ({@link RevocationFanout}: the sorted set and
 * channel every gateway instance reads), so a logged-out token is refused everywhere within a second
 * instead of at the gateways' next poll of {@code /internal/v1/revocations}.
 *
 * <p>Off the request thread: the logout has already answered when Redis is asked, so a slow or dead
 * Redis never fails or slows it (the fan-out itself gives up after its own timeout). At most
 * {@value #MAX_IN_FLIGHT} announcements wait at once; beyond that one is dropped and logged, and the
 * poll still delivers it.
 */
@Component
class RevocationAnnouncements implements DisposableBean {

    /** A burst of logouts during a Redis outage must not pile up threads; each waits ≤ the fan-out timeout. */
    static final int MAX_IN_FLIGHT = 64;

    private static final Logger log = LoggerFactory.getLogger(RevocationAnnouncements.class);

    private final ObjectProvider<RevocationFanout> fanout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    RevocationAnnouncements(ObjectProvider<RevocationFanout> fanout) {
        this.fanout = fanout;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(AccessTokenRevoked revoked) {
        RevocationFanout redis = fanout.getIfAvailable();
        if (redis == null) {
            return; // no Redis configured: the gateways learn it from their poll
        }
        if (!inFlight.tryAcquire()) {
            log.warn(
                    "Not announcing the revocation of {} on Redis: {} announcements already waiting; the"
                            + " gateways learn it from their poll",
                    revoked.jti(),
                    MAX_IN_FLIGHT);
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    redis.announce(revoked.jti().toString(), revoked.expiresAt());
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) { // shutting down
            inFlight.release();
            log.warn("Not announcing the revocation of {} on Redis ({})", revoked.jti(), e.toString());
        }
    }

    @Override
    public void destroy() {
        executor.close();
    }

    /** Published inside the revoking transaction; announced only if it commits. */
    record AccessTokenRevoked(UUID jti, Instant expiresAt) {}
}
