package dev.bulkhead.devstack.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A process the launcher started (or the launcher itself), as recorded in the state file. The start
 * time guards against pid reuse: a pid only counts as ours if the process started when we recorded.
 */
public record StackProcess(Role role, String name, long pid, long startedAtMillis, int port) {

    /** Start times read back from /proc are exact to the clock tick; allow a little slack. */
    private static final Duration SAME_START = Duration.ofSeconds(2);

    /** Stop order: applications first, then the infrastructure they use, the launcher last. */
    public enum Role {
        LAUNCHER,
        INFRA,
        APP
    }

    public static StackProcess of(Role role, String name, ProcessHandle handle, int port) {
        long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
        return new StackProcess(role, name, handle.pid(), started, port);
    }

    /** The live process, if the recorded pid still runs and is the same process we started. */
    public Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::startedWhenRecorded);
    }

    private boolean startedWhenRecorded(ProcessHandle handle) {
        return handle.info()
                .startInstant()
                .map(i -> Math.abs(i.toEpochMilli() - startedAtMillis) <= SAME_START.toMillis())
                .orElse(true);
    }
}
