package dev.bulkhead.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class RouteConcurrencyTest {

    private static final int LIMIT = 2;

    private final Scheduler timer = Schedulers.newSingle("route-concurrency-test");

    @AfterEach
    void stop() {
        timer.dispose();
    }

    private RouteConcurrency route(int queueCapacity, Duration maxQueueWait) {
        return new RouteConcurrency(
                "test",
                new RouteSettings.Concurrency(LIMIT, LIMIT, LIMIT, queueCapacity, maxQueueWait),
                timer::schedule);
    }

    @Test
    void givesSlotsAtOnceUpToTheLimitAndQueuesTheRest() {
        RouteConcurrency route = route(4, Duration.ofSeconds(5));

        var first = route.acquire().toFuture();
        var second = route.acquire().toFuture();
        var third = route.acquire().toFuture();

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(third).isNotDone();
        assertThat(route.inflight()).isEqualTo(LIMIT);
        assertThat(route.queued()).isEqualTo(1);

        first.join().release(RouteConcurrency.Outcome.ANSWERED);

        assertThat(third).isCompleted();
        assertThat(route.queued()).isZero();
        assertThat(route.inflight()).isEqualTo(LIMIT);
    }

    @Test
    void handsFreedSlotsToTheOldestWaiterFirst() {
        RouteConcurrency route = route(4, Duration.ofSeconds(5));
        var held = List.of(
                route.acquire().toFuture().join(), route.acquire().toFuture().join());
        var older = route.acquire().toFuture();
        var newer = route.acquire().toFuture();

        held.getFirst().release(RouteConcurrency.Outcome.ANSWERED);

        assertThat(older).isCompleted();
        assertThat(newer).isNotDone();
    }

    @Test
    void refusesAtOnceWhenTheQueueIsFull() {
        RouteConcurrency route = route(1, Duration.ofSeconds(5));
        route.acquire().toFuture();
        route.acquire().toFuture();
        route.acquire().toFuture();

        var refused = route.acquire().toFuture();

        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.exceptionNow()).isSameAs(RouteConcurrency.QUEUE_FULL);
        assertThat(route.queued()).isEqualTo(1);
    }

    @Test
    void refusesAWaiterThatWaitedOutTheQueueWaitAndForgetsIt() throws Exception {
        RouteConcurrency route = route(4, Duration.ofMillis(100));
        var held = route.acquire().toFuture().join();
        route.acquire().toFuture();
        long started = System.nanoTime();

        var waited = route.acquire().toFuture();

        assertThat(catching(waited)).isSameAs(RouteConcurrency.QUEUE_WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofMillis(90), Duration.ofSeconds(2));
        assertThat(route.queued()).isZero();
        held.release(RouteConcurrency.Outcome.ANSWERED);
        assertThat(route.inflight()).isEqualTo(LIMIT - 1);
    }

    @Test
    void aWaiterThatGoesAwayLeavesTheQueueAndTakesNoSlot() {
        RouteConcurrency route = route(4, Duration.ofSeconds(5));
        var held = route.acquire().toFuture().join();
        route.acquire().toFuture();
        List<String> granted = new ArrayList<>();
        Disposable gone = route.acquire().subscribe(slot -> granted.add("gone"));

        gone.dispose();
        assertThat(route.queued()).isZero();
        held.release(RouteConcurrency.Outcome.ANSWERED);

        assertThat(granted).isEmpty();
        assertThat(route.inflight()).isEqualTo(LIMIT - 1);
    }

    @Test
    void releasingASlotTwiceFreesItOnce() {
        RouteConcurrency route = route(4, Duration.ofSeconds(5));
        var slot = route.acquire().toFuture().join();
        route.acquire().toFuture();

        slot.release(RouteConcurrency.Outcome.ANSWERED);
        slot.release(RouteConcurrency.Outcome.ANSWERED);

        assertThat(route.inflight()).isEqualTo(1);
    }

    private static Throwable catching(CompletableFuture<?> future) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }
}
