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
 * Starts the applications, up to {@code parallelism} at a time, and waits until each one's readiness
 * probe answers UP. The first that exits or misses its timeout ends the start-up with a {@link StartFailure}.
 */
public final class Startup {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

    /** Starts one application's process. */
    @FunctionalInterface
    interface Launch {
        Process start(Service service) throws IOException;
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
    public void startAll(Apps apps, boolean aot, BiConsumer<Service, Process> started)
            throws IOException, InterruptedException, StartFailure {
        long cached = Services.ALL.stream().filter(apps::usesAotCache).count();
        say.accept("Starting " + Services.ALL.size() + " applications"
                + (aot ? " (" + cached + " with an AOT cache)" : "") + " ...");
        startAll(Services.ALL, apps::start, apps::log, Readiness::probe, started);
    }

    void startAll(
            List<Service> services,
            Launch launch,
            Function<Service, Path> log,
            Function<Service, Readiness.Health> probe,
            BiConsumer<Service, Process> started)
            throws IOException, InterruptedException, StartFailure {
        var waiting = new ArrayList<>(services);
        var starting = new LinkedHashMap<Service, Long>();
        var processes = new LinkedHashMap<Service, Process>();
        while (!waiting.isEmpty() || !starting.isEmpty()) {
            while (!waiting.isEmpty() && starting.size() < parallelism) {
                var service = waiting.remove(0);
                var process = launch.start(service);
                processes.put(service, process);
                started.accept(service, process);
                starting.put(service, System.nanoTime());
            }
            for (var it = starting.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                var service = entry.getKey();
                var process = processes.get(service);
                if (!process.isAlive()) {
                    throw failure(service, log, "exited with code " + process.exitValue() + " while starting");
                }
                if (probe.apply(service) == Readiness.Health.UP) {
                    it.remove();
                    say.accept(String.format(
                            Locale.ROOT,
                            "  %-13s ready after %.1f s",
                            service.name(),
                            (System.nanoTime() - entry.getValue()) / 1e9));
                } else if (System.nanoTime() - entry.getValue() > readyTimeout.toNanos()) {
                    throw failure(service, log, "did not become ready within " + readyTimeout.toSeconds() + " s");
                }
            }
            Thread.sleep(PROBE_INTERVAL.toMillis());
        }
    }

    private StartFailure failure(Service service, Function<Service, Path> log, String what) {
        var file = log.apply(service);
        return StartFailure.of(service, what, file, show.apply(file));
    }
}
