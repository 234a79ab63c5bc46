package dev.bulkhead.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WheelTimerTest {

    private final WheelTimer timer = new WheelTimer("wheel-timer-test", Duration.ofMillis(10), 64);

    @AfterEach
    void stop() {
        timer.close();
    }

    @Test
    void runsATaskOnceItsDelayHasPassedNeverBefore() throws Exception {
        long scheduled = System.nanoTime();
        var ran = new CompletableFuture<Long>();

        var deadline = timer.schedule(() -> ran.complete(System.nanoTime()), 50, TimeUnit.MILLISECONDS);

        long elapsed = ran.get(5, TimeUnit.SECONDS) - scheduled;
        assertThat(elapsed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(deadline.isDisposed()).as("done once it has run").isTrue();
    }

    @Test
    void neverRunsATaskDisposedBeforeItsDelay() throws Exception {
        var ran = new AtomicBoolean();
        var later = new CompletableFuture<Void>();

        var deadline = timer.schedule(() -> ran.set(true), 30, TimeUnit.MILLISECONDS);
        deadline.dispose();
        timer.schedule(() -> later.complete(null), 100, TimeUnit.MILLISECONDS);

        later.get(5, TimeUnit.SECONDS);
        assertThat(ran).isFalse();
        assertThat(deadline.isDisposed()).isTrue();
    }

    @Test
    void runsTasksOnItsOwnThreadNotTheCallers() throws Exception {
        var thread = new CompletableFuture<String>();

        timer.schedule(() -> thread.complete(Thread.currentThread().getName()), 1, TimeUnit.MILLISECONDS);

        assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("wheel-timer-test");
    }
}
