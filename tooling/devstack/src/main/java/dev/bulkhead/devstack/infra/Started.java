package dev.bulkhead.devstack.infra;

import dev.bulkhead.devstack.procs.Stopping;
import java.time.Duration;
import java.util.Optional;

/** Infrastructure the launcher started as a child process: stopped with SIGTERM, then SIGKILL after the grace. */
record Started(String name, int port, String origin, ProcessHandle handle, Duration grace) implements Component {

    @Override
    public Optional<ProcessHandle> process() {
        return Optional.of(handle);
    }

    @Override
    public void stop() {
        Stopping.stop(handle, grace);
    }
}
