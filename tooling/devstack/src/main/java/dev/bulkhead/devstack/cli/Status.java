package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.apps.Instance;
import dev.bulkhead.devstack.apps.Readiness;
import dev.bulkhead.devstack.apps.Service;
import dev.bulkhead.devstack.apps.Services;
import dev.bulkhead.devstack.procs.Memory;
import dev.bulkhead.devstack.state.StackProcess;
import dev.bulkhead.devstack.state.StackProcess.Role;
import dev.bulkhead.localservers.LocalPorts;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./bulkhead status}: the table again, one row per instance, with live health, memory and pid;
 * exit 3 when nothing runs.
 */
final class Status {

    static final int NOT_RUNNING = 3; // as LSB init scripts say "program is not running"

    private final Settings settings;
    private final PrintStream out;

    Status(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    int run() {
        var recorded = settings.home().stateFile().read().orElse(List.of());
        var launcher = recorded.stream()
                .filter(p -> p.role() == Role.LAUNCHER)
                .findFirst()
                .flatMap(p -> p.live().map(h -> p));
        if (launcher.isEmpty()) {
            long leftovers = recorded.stream().filter(p -> p.live().isPresent()).count();
            out.println("Bulkhead is not running."
                    + (leftovers > 0
                            ? " " + leftovers + " process(es) of an earlier run still run: ./bulkhead down."
                            : ""));
            return NOT_RUNNING;
        }
        var rows = new ArrayList<Table.Row>();
        long total = 0;
        for (var instance : instances(recorded)) {
            var process = find(recorded, instance.name());
            long rss = process.map(Memory::rssWithDescendants).orElse(0L);
            total += rss;
            rows.add(new Table.Row(
                    instance.name(),
                    Integer.toString(instance.port()),
                    process.map(p -> Long.toString(p.pid())).orElse("-"),
                    process.isPresent() ? Readiness.probe(instance).label() : "not running",
                    process.isPresent() ? Memory.human(rss) : "-",
                    settings.show(settings.home().log(instance.name()))));
        }
        for (var infra : List.of(
                new Infra("kafka", settings.kafkaPort()),
                new Infra("postgres", settings.postgresPort()),
                new Infra("redis", settings.redisPort()))) {
            var entry =
                    recorded.stream().filter(p -> p.name().equals(infra.name())).findFirst();
            var process = entry.flatMap(StackProcess::live);
            int port = entry.map(StackProcess::port).orElse(infra.port());
            long rss = process.map(Memory::rssWithDescendants).orElse(0L);
            total += rss;
            var listening = LocalPorts.isOpen(port) ? "listening" : "not listening";
            rows.add(new Table.Row(
                    infra.name(),
                    Integer.toString(port),
                    process.map(p -> Long.toString(p.pid())).orElse("-"),
                    listening + (process.isPresent() ? "" : " (not started by bulkhead)"),
                    process.isPresent() ? Memory.human(rss) : "-",
                    process.isPresent() ? settings.show(settings.home().log(infra.name())) : "-"));
        }
        out.print(Table.render(rows));
        var since = Duration.between(Instant.ofEpochMilli(launcher.get().startedAtMillis()), Instant.now());
        out.printf(
                "Up for %d min (launcher pid %d); resident memory of what it started: %s.%n",
                since.toMinutes(), launcher.get().pid(), Memory.human(total));
        return 0;
    }

    private record Infra(String name, int port) {}

    /**
     * The instances the launcher recorded, each application's in start order; an application it has not
     * (yet) recorded is listed once on its own port, so the table always names all seven.
     */
    static List<Instance> instances(List<StackProcess> recorded) {
        var instances = new ArrayList<Instance>();
        for (var service : Services.ALL) {
            var mine = recorded.stream()
                    .filter(p -> p.role() == Role.APP)
                    .flatMap(p -> ordinal(service, p.name()).stream().map(n -> new Instance(service, n, p.port())))
                    .sorted(Comparator.comparingInt(Instance::ordinal))
                    .toList();
            instances.addAll(mine.isEmpty() ? List.of(Instance.first(service)) : mine);
        }
        return instances;
    }

    /** {@code order} is instance 1 of order, {@code order-2} instance 2; any other name is not order's. */
    private static Optional<Integer> ordinal(Service service, String recordedName) {
        if (recordedName.equals(service.name())) {
            return Optional.of(1);
        }
        var prefix = service.name() + "-";
        if (recordedName.startsWith(prefix)
                && recordedName.substring(prefix.length()).matches("[2-9]\\d*")) {
            return Optional.of(Integer.parseInt(recordedName.substring(prefix.length())));
        }
        return Optional.empty();
    }

    private static Optional<ProcessHandle> find(List<StackProcess> recorded, String name) {
        return recorded.stream().filter(p -> p.name().equals(name)).findFirst().flatMap(StackProcess::live);
    }
}
