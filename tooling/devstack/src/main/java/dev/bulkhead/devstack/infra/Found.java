package dev.bulkhead.devstack.infra;

import java.util.Optional;

/** Infrastructure the launcher did not start (already running, or missing): nothing to stop. */
record Found(String name, int port, String origin) implements Component {

    @Override
    public Optional<ProcessHandle> process() {
        return Optional.empty();
    }

    @Override
    public void stop() {}
}
