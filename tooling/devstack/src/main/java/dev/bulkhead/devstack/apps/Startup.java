package dev.bulkhead.devstack.apps;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Starts the application instances, up to {@code parallelism} at a time, and waits until each one's
 * readiness probe answers UP. The first that exits or misses its timeout ends the start-up with a
 * {@link StartFailure}.
 */
public final class Startup {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

    /** Starts one instance's process. */
    @FunctionalInterface
    interface Launch {
        Process start(Instance instance) throws IOException;
    }

    private final int parallelism;
    private final Duration readyTimeout;
    private final Consumer<String> say;
    private final Function<Path, String> show;

    /** {@code show} names a log file to the reader. */
    public Startup(int parallelism, Duration readyTimeout, Consumer<String> say, Function<Path, String> show) {
        this.parallelism = parallelism;
        this.readyTimeout = readyTimeout;
        this.say = say;
        this.show = show;
    }

    /** Every process is handed to {@code started} as soon as it runs (to be recorded, watched and stopped). */
    public void startAll(Apps apps, PortPlan plan, boolean aot, BiConsumer<Instance, Process> started)
            throws IOException, InterruptedException, StartFailure {
        var instances = plan.instances();
        long cached =
                instances.stream().filter(i -> apps.usesAotCache(i.service())).count();
        say.accept(startingLine(instances.size(), plan.services().size(), aot, cached));
        startAll(instances, apps::start, apps::log, Readiness::probe, started);
    }

    static String startingLine(int instances, int applications, boolean aot, long cached) {
        return "Starting "
                + (instances > applications ? instances + " instances of " : "")
                + applications + " applications"
                + (aot ? " (" + cached + " with an AOT cache)" : "") + " ...";
    }

    void startAll(
            List<Instance> instances,
            Launch launch,
            Function<Instance, Path> log,
            Function<Instance, Readiness.Health> probe,
            BiConsumer<Instance, Process> started)
            throws IOException, InterruptedException, StartFailure {
        var waiting = new ArrayList<>(instances);
        var starting = new LinkedHashMap<Instance, Long>();
        var processes = new LinkedHashMap<Instance, Process>();
        while (!waiting.isEmpty() || !starting.isEmpty()) {
            while (!waiting.isEmpty() && starting.size() < parallelism) {
                var instance = waiting.remove(0);
                var process = launch.start(instance);
                processes.put(instance, process);
                started.accept(instance, process);
                starting.put(instance, System.nanoTime());
            }
            for (var it = starting.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                var instance = entry.getKey();
                var process = processes.get(instance);
                if (!process.isAlive()) {
                    throw failure(instance, log, "exited with code " + process.exitValue() + " while starting");
                }
                if (probe.apply(instance) == Readiness.Health.UP) {
                    it.remove();
                    say.accept(String.format(
                            Locale.ROOT,
                            "  %-14s ready after %.1f s",
                            instance.name(),
                            (System.nanoTime() - entry.getValue()) / 1e9));
                } else if (System.nanoTime() - entry.getValue() > readyTimeout.toNanos()) {
                    throw failure(instance, log, "did not become ready within " + readyTimeout.toSeconds() + " s");
                }
            }
            Thread.sleep(PROBE_INTERVAL.toMillis());
        }
    }

    private StartFailure failure(Instance instance, Function<Instance, Path> log, String what) {
        var file = log.apply(instance);
        return StartFailure.of(instance, what, file, show.apply(file));
    }
}
