package dev.bulkhead.bench.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A kernel memory monitor (DAMON's {@code kdamond} thread) running on the machine, as some virtual machines
 * set up to hand cold memory back to their host. Each sample it takes is a burst of kernel work on one
 * core, every {@code sampleInterval}, that the stack's threads wait behind; on a two-core machine these
 * bursts start the latency episodes that decide a fixed-rate p99, so the report names the monitor and
 * what it used. The bench leaves it as it is: it belongs to the machine, not to the stack.
 *
 * @param pid the kdamond thread's pid
 * @param operations what it watches, e.g. {@code paddr} (all physical memory)
 * @param sampleInterval how often it samples
 * @param actions what its schemes do with the regions they pick, e.g. {@code pageout}
 */
public record MemoryMonitor(long pid, String operations, Duration sampleInterval, List<String> actions) {

    private static final Path KDAMONDS = Path.of("/sys/kernel/mm/damon/admin/kdamonds");

    /** The first kdamond that is on, if this kernel has DAMON and one runs. */
    public static Optional<MemoryMonitor> running() {
        return find(KDAMONDS);
    }

    static Optional<MemoryMonitor> find(Path kdamonds) {
        if (!Files.isDirectory(kdamonds)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(kdamonds)) {
            return entries.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .sorted()
                    .filter(dir -> "on".equals(read(dir.resolve("state"))))
                    .map(MemoryMonitor::of)
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<MemoryMonitor> of(Path kdamond) {
        try {
            long pid = Long.parseLong(read(kdamond.resolve("pid")));
            var context = kdamond.resolve("contexts/0");
            long sampleMicros = Long.parseLong(read(context.resolve("monitoring_attrs/intervals/sample_us")));
            return Optional.of(new MemoryMonitor(
                    pid, read(context.resolve("operations")), Duration.ofNanos(sampleMicros * 1000), actions(context)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> actions(Path context) {
        var actions = new ArrayList<String>();
        try (Stream<Path> schemes = Files.list(context.resolve("schemes"))) {
            schemes.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .sorted()
                    .map(dir -> read(dir.resolve("action")))
                    .filter(action -> !action.isEmpty())
                    .forEach(actions::add);
        } catch (IOException e) {
            // no schemes directory: a monitor that only watches
        }
        return List.copyOf(actions);
    }

    /** CPU time the monitor has used so far, in milliseconds; read before and after a round. */
    public double cpuMillis() {
        return CpuTime.millisOf(pid);
    }

    /** One line for the report's machine section. */
    public String describe() {
        return "DAMON kdamond (pid " + pid + ", " + operations + ", samples every " + sampleInterval.toMillis() + " ms"
                + (actions.isEmpty() ? "" : ", " + String.join(" + ", actions)) + ")";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
