package dev.bulkhead.payment.charging;

import dev.bulkhead.payment.payment.PaymentEvent;
import dev.bulkhead.payment.payment.Settlement;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs provider calls on a bounded pool of its own, so that a slow provider ties up these threads and
 * nothing else: Kafka listeners only commit "charge requested" and hand the call over here after the
 * commit, and no transaction is open during a call.
 *
 * <p>Crash safety: a call requested but never finished (the instance died, the queue was full) stays
 * CHARGE_REQUESTED or REFUND_REQUESTED in the database. A sweep, at start-up and then periodically,
 * claims those whose lease ran out, each under a new lease, and submits them.
 *
 * <p>Many instances: every call runs under a lease that only its holder may renew ({@code
 * Settlement.startCharge}), and sweeps claim with {@code SKIP LOCKED}, so no two instances call the
 * provider for one payment at once. At most one charge per order holds even when a lease runs out
 * mid-call: the database state lets only one answer count, and the provider answers a repeated
 * idempotency key with the first result.
 */
@Component
class Charging implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Charging.class);

    /** How long stopping waits for calls under way to record their answers; the sweep finishes the rest. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final ProviderCalls calls;
    private final Settlement settlement;
    private final ChargingSettings settings;
    private final Clock clock;

    /** Carries the requesting thread's trace onto the pool, so a call's logs and events stay in the saga's trace. */
    private final ContextSnapshotFactory snapshots =
            ContextSnapshotFactory.builder().build();

    /** Calls queued or under way in this instance, so the sweep and a redelivery never double one up. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private volatile ThreadPoolExecutor pool;
    private volatile ScheduledExecutorService sweeper;

    Charging(ProviderCalls calls, Settlement settlement, ChargingSettings settings, Clock clock) {
        this.calls = calls;
        this.settlement = settlement;
        this.settings = settings;
        this.clock = clock;
    }

    @TransactionalEventListener
    void on(PaymentEvent.ChargeRequested requested) {
        submit(requested);
    }

    @TransactionalEventListener
    void on(PaymentEvent.RefundRequested requested) {
        submit(requested);
    }

    /**
     * Hands the work to the pool. Work it cannot take gives its lease back, so that any instance's next
     * sweep takes the call at once rather than after the lease ran out.
     *
     * @return whether the call was accepted (false: already under way here, or left to the sweep)
     */
    boolean submit(PaymentEvent.ProviderWork work) {
        ThreadPoolExecutor current = pool;
        String key = work.getClass().getSimpleName() + ":" + work.paymentId();
        if (current == null) {
            log.warn("Not running: {} is left to the sweep", key);
            release(work);
            return false;
        }
        if (!inFlight.add(key)) {
            // Queued here under an older lease that ran out while it waited: that work cannot renew
            // it any more (this one holds it now), so this lease goes back and the queued work takes it.
            release(work);
            return false;
        }
        try {
            current.execute(snapshots.captureAll().wrap(() -> {
                try {
                    run(work);
                } finally {
                    inFlight.remove(key);
                }
            }));
            return true;
        } catch (RejectedExecutionException full) {
            inFlight.remove(key);
            log.warn("Provider calls queue full: {} is left to the sweep", key);
            release(work);
            return false;
        }
    }

    private void release(PaymentEvent.ProviderWork work) {
        try {
            settlement.release(work);
        } catch (RuntimeException e) {
            log.warn("Could not give back the lease of {}; it runs out by itself: {}", work, e.toString());
        }
    }

    private void run(PaymentEvent.ProviderWork work) {
        try {
            switch (work) {
                case PaymentEvent.ChargeRequested charge -> calls.charge(charge);
                case PaymentEvent.RefundRequested refund -> calls.refund(refund);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            log.info("Stopped during {}; the sweep finishes it", work);
        } catch (RuntimeException e) {
            log.error("{} failed; the sweep retries it", work, e);
        }
    }

    /**
     * Claims the charges and refunds whose lease ran out and submits them; at start-up, those a crash
     * left behind. With several instances, each sweep claims different ones (see {@link Settlement#claimOverdue}).
     */
    void sweep() {
        try {
            var staleBefore = clock.instant().minus(settings.staleAfter());
            int submitted = 0;
            for (PaymentEvent.ProviderWork overdue : settlement.claimOverdue(staleBefore, settings.sweepBatch())) {
                if (submit(overdue)) submitted++;
            }
            if (submitted > 0) {
                log.info("Sweep re-submitted {} provider call(s)", submitted);
            }
        } catch (RuntimeException e) {
            log.warn("Sweep failed; trying again in {}", settings.sweepInterval(), e);
        }
    }

    @Override
    public synchronized void start() {
        if (pool != null) {
            return;
        }
        var number = new AtomicInteger();
        var executor = new ThreadPoolExecutor(
                settings.threads(),
                settings.threads(),
                1,
                TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(settings.queueCapacity()),
                runnable -> Thread.ofPlatform()
                        .name("payment-provider-" + number.incrementAndGet())
                        .daemon()
                        .unstarted(runnable));
        executor.allowCoreThreadTimeOut(true);
        pool = executor;
        sweeper = Executors.newSingleThreadScheduledExecutor(
                runnable -> Thread.ofPlatform().name("payment-sweep").daemon().unstarted(runnable));
        sweeper.scheduleWithFixedDelay(this::sweep, 0, settings.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ThreadPoolExecutor executor = pool;
        if (executor == null) {
            return;
        }
        pool = null;
        sweeper.shutdownNow();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("{} provider call(s) still under way at shutdown; the sweep finishes them", inFlight.size());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return pool != null;
    }

    /** Starts before the Kafka listeners (which hand it work) and stops after them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
