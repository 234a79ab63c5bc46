package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.apps.Instance;
import dev.bulkhead.devstack.infra.Component;
import dev.bulkhead.devstack.procs.Stopping;
import dev.bulkhead.devstack.state.StackProcess;
import dev.bulkhead.devstack.state.StackProcess.Role;
import dev.bulkhead.devstack.state.StateFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * What {@code up} has started so far, written to the state file as it grows, and how it all stops:
 * applications first (together), then Kafka, then the rest, then any child left over.
 */
final class RunningStack {

    private static final Duration APP_STOP_GRACE = Duration.ofSeconds(30); // apps drain for up to 20 s

    private final StateFile state;
    private final PrintStream out;
    private final Function<Path, String> show;
    private final Runnable killLeftovers;
    private final List<StackProcess> recorded = new CopyOnWriteArrayList<>();
    private final List<Component> infra = new CopyOnWriteArrayList<>();
    private final Map<Instance, Process> apps = new LinkedHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    RunningStack(StateFile state, PrintStream out, Function<Path, String> show) {
        // whatever is left (a training run, a storage format): our own children, nothing else
        this(state, out, show, () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly));
    }

    RunningStack(StateFile state, PrintStream out, Function<Path, String> show, Runnable killLeftovers) {
        this.state = state;
        this.out = out;
        this.show = show;
        this.killLeftovers = killLeftovers;
    }

    void addLauncher(ProcessHandle launcher) {
        record(StackProcess.of(Role.LAUNCHER, "launcher", launcher, 0));
    }

    void addInfra(Component component) {
        infra.add(component);
        component.process().ifPresent(p -> record(StackProcess.of(Role.INFRA, component.name(), p, component.port())));
    }

    /** After start-up, a crashing application is reported at once instead of at the next status. */
    void addApp(Instance instance, Process process, Path log) {
        synchronized (apps) {
            apps.put(instance, process);
        }
        record(StackProcess.of(Role.APP, instance.name(), process.toHandle(), instance.port()));
        process.onExit().thenAccept(p -> {
            if (!stopping.get()) {
                out.println("bulkhead: " + instance.name() + " exited with code " + p.exitValue() + " — see "
                        + show.apply(log));
            }
        });
    }

    Map<Instance, Process> apps() {
        synchronized (apps) {
            return new LinkedHashMap<>(apps);
        }
    }

    List<Component> infra() {
        return List.copyOf(infra);
    }

    /** Processes started for the stack, the launcher not counted. */
    int startedProcesses() {
        return recorded.size() - 1;
    }

    boolean isStopping() {
        return stopping.get();
    }

    /** The shutdown hook: nothing the launcher started survives; a second call does nothing. */
    void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> appHandles;
        synchronized (apps) {
            appHandles = apps.values().stream().map(Process::toHandle).toList();
        }
        if (!appHandles.isEmpty()) {
            out.println("Stopping the applications ...");
            Stopping.stopAll(appHandles, APP_STOP_GRACE);
        }
        infra.stream().filter(c -> c.name().equals("kafka")).forEach(this::stop);
        infra.stream().filter(c -> !c.name().equals("kafka")).forEach(this::stop);
        killLeftovers.run();
        state.delete();
        out.println("Stopped.");
    }

    private void stop(Component component) {
        if (component.process().isPresent()) {
            out.println("Stopping " + component.name() + " ...");
            component.stop();
        }
    }

    private void record(StackProcess process) {
        recorded.add(process);
        state.write(List.copyOf(recorded));
    }
}
