package dev.bulkhead.devstack.procs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops processes: SIGTERM, a grace period, then SIGKILL for the process and anything it left behind. */
public final class Stopping {

    private Stopping() {}

    /** Stops all of them at once and returns when every one is gone; true if all stopped gracefully. */
    public static boolean stopAll(List<ProcessHandle> processes, Duration grace) {
        var stops = processes.stream()
                .map(p -> CompletableFuture.supplyAsync(() -> stop(p, grace)))
                .toList();
        return stops.stream().map(CompletableFuture::join).reduce(true, Boolean::logicalAnd);
    }

    /** True if the process ended within the grace period after SIGTERM. */
    public static boolean stop(ProcessHandle process, Duration grace) {
        var leftovers = process.descendants().toList();
        if (!process.isAlive()) {
            leftovers.forEach(ProcessHandle::destroyForcibly);
            return true;
        }
        process.destroy();
        boolean graceful = awaitExit(process, grace);
        if (!graceful) {
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(5));
        }
        leftovers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return graceful;
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
