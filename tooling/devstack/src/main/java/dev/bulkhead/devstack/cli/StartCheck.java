package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.apps.PortPlan;
import dev.bulkhead.devstack.state.StackProcess;
import dev.bulkhead.devstack.state.StackProcess.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Whether {@code up} may start: not while a stack runs (or an earlier one left processes behind), not
 * when another program holds one of the stack's ports. A state file of a stack that is wholly gone is
 * deleted here.
 */
final class StartCheck {

    private StartCheck() {}

    /** Why not to start, or empty; {@code isOpen} says whether something listens on a local port. */
    static Optional<String> refusal(Settings settings, PortPlan plan, IntPredicate isOpen) {
        var state = settings.home().stateFile();
        var previous = state.read();
        if (previous.isPresent()) {
            var launcher = previous.get().stream()
                    .filter(p -> p.role() == Role.LAUNCHER)
                    .findFirst()
                    .flatMap(StackProcess::live);
            if (launcher.isPresent()) {
                return Optional.of(
                        "Bulkhead is already running (launcher pid "
                                + launcher.get().pid()
                                + "). See it with ./bulkhead status; stop it with ./bulkhead down (or Ctrl-C in its terminal).");
            }
            var leftovers = previous.get().stream()
                    .filter(p -> p.live().isPresent())
                    .map(p -> p.name() + " (pid " + p.pid() + ")")
                    .toList();
            if (!leftovers.isEmpty()) {
                return Optional.of("Processes from an earlier run still run: " + String.join(", ", leftovers)
                        + ". Stop them with ./bulkhead down.");
            }
            state.delete();
        }
        var busy = new ArrayList<String>();
        plan.instances().stream()
                .filter(i -> isOpen.test(i.port()))
                .forEach(i -> busy.add(i.port() + " (" + i.name() + ")"));
        if (settings.externalKafka()) {
            if (!isOpen.test(settings.kafkaPort())) {
                return Optional.of("BULKHEAD_KAFKA=external, but no broker listens on port " + settings.kafkaPort()
                        + ". Start one there, or leave BULKHEAD_KAFKA unset and the launcher starts its own.");
            }
        } else {
            for (int port : List.of(settings.kafkaPort(), settings.kafkaControllerPort())) {
                if (isOpen.test(port)) {
                    busy.add(port + " (kafka)");
                }
            }
        }
        if (isOpen.test(settings.providerPort())) {
            busy.add(settings.providerPort() + " (payment-provider)");
        }
        if (!busy.isEmpty()) {
            return Optional.of("Port(s) " + String.join(", ", busy) + " already in use by another program."
                    + " If it is a dev stack started elsewhere, run ./bulkhead down there; else stop that program.");
        }
        return Optional.empty();
    }
}
