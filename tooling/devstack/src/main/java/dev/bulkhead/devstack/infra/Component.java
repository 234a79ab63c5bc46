package dev.bulkhead.devstack.infra;

import java.util.Optional;

/** A piece of infrastructure the stack uses: started by the launcher, found running, or missing. */
public interface Component {

    String name();

    int port();

    /** How the stack got it, for the table: "started", "local server", "embedded" ... */
    String origin();

    /** The process the launcher started for it; empty if it was already running or is missing. */
    Optional<ProcessHandle> process();

    /** Stops what the launcher started; leaves a server it found running alone. */
    void stop();
}
