package dev.bulkhead.gateway.routes;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;

/**
 * A {@link CallTimer} on a timing wheel (Netty's {@link HashedWheelTimer}): one thread that wakes once
 * per tick, however many deadlines are pending. Adding or cancelling a deadline is a queue operation
 * on the caller's thread and wakes nobody.
 *
 * <p>Why not Reactor's parallel scheduler, which held these deadlines before (Spring Cloud Gateway's
 * response timeout, a {@code Flux.timeout}, and our slow-call watch): each of its workers is a
 * {@code ScheduledThreadPoolExecutor}, whose thread sleeps until the earliest pending deadline. Each
 * request set its deadlines there and disposed them a few milliseconds later; the thread still woke at
 * the time of deadlines that no longer existed, found a later one and slept again: about 1.4 wake-ups
 * per request (14,553 in a 23 s run of 10,600). On two shared cores each wake-up can push an event loop
 * off its core mid-request (19,922 involuntary switches in the same run), and the request then waits
 * for whatever else runs there. docs/performance.md has the figures before and after.
 *
 * <p>Deadlines are kept to the tick: a task runs up to one tick late, never early. The deadlines here
 * are a second or so; a 10 ms tick is 1 % of them.
 */
final class WheelTimer implements CallTimer, AutoCloseable {

    /** The resolution, and how often the thread wakes when nothing is due. */
    static final Duration DEFAULT_TICK = Duration.ofMillis(10);

    /** Slots per turn of the wheel: 512 × 10 ms covers the default deadlines in one turn. */
    static final int DEFAULT_TICKS_PER_WHEEL = 512;

    private final HashedWheelTimer wheel;

    WheelTimer(String name, Duration tick, int ticksPerWheel) {
        this.wheel = new HashedWheelTimer(
                new DefaultThreadFactory(name, true), tick.toNanos(), TimeUnit.NANOSECONDS, ticksPerWheel, false);
    }

    static WheelTimer withDefaults(String name) {
        return new WheelTimer(name, DEFAULT_TICK, DEFAULT_TICKS_PER_WHEEL);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Timeout timeout = wheel.newTimeout(ignored -> task.run(), delay, unit);
        return new Disposable() {
            @Override
            public void dispose() {
                timeout.cancel();
            }

            @Override
            public boolean isDisposed() {
                return timeout.isCancelled() || timeout.isExpired();
            }
        };
    }

    /** Stops the thread; pending deadlines are dropped (their calls end with the application). */
    @Override
    public void close() {
        wheel.stop();
    }
}
