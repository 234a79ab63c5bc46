package dev.bulkhead.gateway.routes;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * One route's adaptive concurrency limit and the short queue in front of it.
 *
 * <p>The limit is Netflix's Gradient2: it compares the service's recent latency with its long-term
 * latency and lowers the limit as the recent one rises, raises it while they agree. A fixed bulkhead
 * cannot tell a service that is slow because it is saturated from one that simply has many clients;
 * this one does, so load the service carries is let through, and only load it cannot carry waits.
 *
 * <p>A request over the limit waits here, first come first served, for at most {@code maxQueueWait}
 * and with at most {@code queueCapacity} others. A slot freed by a finished call goes to the oldest
 * waiter. Only a request that finds the queue full or waits it out is refused ({@link Saturated}):
 * the service then really is not keeping up, since its latency has pushed the limit down.
 */
final class RouteConcurrency {

    /** Why a request never reached the service: the route was saturated. */
    static final class Saturated extends RuntimeException {

        private final boolean queueFull;

        private Saturated(boolean queueFull) {
            super(queueFull ? "the route's queue is full" : "no slot freed within the queue wait", null, false, false);
            this.queueFull = queueFull;
        }

        /** @return the reason as a metric tag */
        String reason() {
            return queueFull ? "queue-full" : "queue-wait";
        }
    }

    /** How a call that held a slot ended, which is what the limit learns from. */
    enum Outcome {
        /** Answered: its latency is a sample of the service's latency. */
        ANSWERED,
        /** Timed out: the service is overloaded. */
        DROPPED,
        /** Never measured the service (refused, cancelled, failed to connect): no sample. */
        IGNORED
    }

    static final Saturated QUEUE_FULL = new Saturated(true);
    static final Saturated QUEUE_WAIT = new Saturated(false);

    private final SimpleLimiter<Void> limiter;
    private final ConcurrentLinkedDeque<Waiter> waiting = new ConcurrentLinkedDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int queueCapacity;
    private final long maxQueueWaitNanos;
    private final CallTimer timer;

    RouteConcurrency(String route, RouteSettings.Concurrency settings, CallTimer timer) {
        this.limiter = SimpleLimiter.newBuilder()
                .named(route)
                .limit(Gradient2Limit.newBuilder()
                        .initialLimit(settings.initialLimit())
                        .minLimit(settings.minLimit())
                        .maxConcurrency(settings.maxLimit())
                        .build())
                .build();
        this.queueCapacity = settings.queueCapacity();
        this.maxQueueWaitNanos = settings.maxQueueWait().toNanos();
        this.timer = timer;
    }

    /**
     * A slot for one call: at once while the route is under its limit, after a wait in the queue
     * otherwise, or {@link Saturated}. The slot must be given back with {@link Slot#release}.
     */
    Mono<Slot> acquire() {
        return Mono.defer(() -> {
            Optional<Limiter.Listener> now = waiting.isEmpty() ? limiter.acquire(null) : Optional.empty();
            if (now.isPresent()) {
                return Mono.just(new Slot(now.get()));
            }
            if (queued.incrementAndGet() > queueCapacity) {
                queued.decrementAndGet();
                return Mono.error(QUEUE_FULL);
            }
            return Mono.<Slot>create(sink -> {
                        Waiter waiter = new Waiter(sink);
                        waiter.expiry = timer.schedule(waiter::expire, maxQueueWaitNanos, TimeUnit.NANOSECONDS);
                        sink.onCancel(waiter::abandon);
                        waiting.addLast(waiter);
                        drain();
                    })
                    // A slot granted just as the request went away is handed back, not lost.
                    .doOnDiscard(Slot.class, slot -> slot.release(Outcome.IGNORED));
        });
    }

    /** The current limit. */
    int limit() {
        return limiter.getLimit();
    }

    /** Calls holding a slot now. */
    int inflight() {
        return limiter.getInflight();
    }

    /** Requests waiting for a slot now. */
    int queued() {
        return queued.get();
    }

    /** Gives free slots to the oldest waiters. */
    private void drain() {
        Waiter waiter;
        while ((waiter = waiting.pollFirst()) != null) {
            if (waiter.done.get()) {
                continue;
            }
            Optional<Limiter.Listener> slot = limiter.acquire(null);
            if (slot.isEmpty()) {
                waiting.offerFirst(waiter);
                // A slot freed between the acquire and the offer would otherwise wait for the next release.
                if (limiter.getInflight() < limiter.getLimit()) {
                    continue;
                }
                return;
            }
            if (!waiter.grant(new Slot(slot.get()))) {
                slot.get().onIgnore();
            }
        }
    }

    /** A call's hold on the route: given back once, however the call ends. */
    final class Slot {

        private final Limiter.Listener listener;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(Limiter.Listener listener) {
            this.listener = listener;
        }

        void release(Outcome outcome) {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            switch (outcome) {
                case ANSWERED -> listener.onSuccess();
                case DROPPED -> listener.onDropped();
                case IGNORED -> listener.onIgnore();
            }
            drain();
        }
    }

    /** A request waiting for a slot: granted one, expired or abandoned, whichever comes first. */
    private final class Waiter {

        private final MonoSink<Slot> sink;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile Disposable expiry;

        private Waiter(MonoSink<Slot> sink) {
            this.sink = sink;
        }

        boolean grant(Slot slot) {
            if (!leave()) {
                return false;
            }
            sink.success(slot);
            return true;
        }

        void expire() {
            if (leave()) {
                waiting.remove(this);
                sink.error(QUEUE_WAIT);
            }
        }

        void abandon() {
            if (leave()) {
                waiting.remove(this);
            }
        }

        private boolean leave() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            queued.decrementAndGet();
            Disposable scheduled = expiry;
            if (scheduled != null) {
                scheduled.dispose();
            }
            return true;
        }
    }
}
