package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.procs.Stopping;
import dev.bulkhead.devstack.state.StackProcess;
import dev.bulkhead.devstack.state.StackProcess.Role;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./bulkhead down}: asks the launcher to stop (SIGTERM, it then stops everything in order);
 * if the launcher is gone, stops what it recorded itself, applications first.
 */
final class Down {

    /** The launcher's own orderly stop: up to 30 s for the apps, 20 s for Kafka, a few for the rest. */
    private static final Duration LAUNCHER_GRACE = Duration.ofSeconds(90);

    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(30);

    private final Settings settings;
    private final PrintStream out;

    Down(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    int run() {
        var state = settings.home().stateFile();
        var recorded = state.read();
        if (recorded.isEmpty()) {
            out.println("Bulkhead is not running (no " + settings.show(state.path()) + ").");
            return 0;
        }
        var launcher = recorded.get().stream()
                .filter(p -> p.role() == Role.LAUNCHER)
                .findFirst()
                .flatMap(StackProcess::live);
        if (launcher.isPresent()) {
            out.println("Stopping the dev stack (launcher pid " + launcher.get().pid() + ") ...");
            if (!Stopping.stop(launcher.get(), LAUNCHER_GRACE)) {
                out.println("The launcher did not stop in " + LAUNCHER_GRACE.toSeconds() + " s; killed it.");
            }
        }
        // Anything still alive (the launcher was killed with -9, or did not finish): stop it here,
        // the applications together first, then the infrastructure.
        for (var role : List.of(Role.APP, Role.INFRA)) {
            var alive = recorded.get().stream()
                    .filter(p -> p.role() == role)
                    .flatMap(p -> p.live().stream()
                            .peek(h -> out.println("Stopping " + p.name() + " (pid " + h.pid() + ") ...")))
                    .toList();
            Stopping.stopAll(alive, LEFTOVER_GRACE);
        }
        state.delete();
        out.println("Stopped.");
        return 0;
    }
}
