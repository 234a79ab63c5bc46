package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.apps.Readiness;
import dev.bulkhead.devstack.apps.Services;
import dev.bulkhead.devstack.procs.Memory;
import dev.bulkhead.devstack.state.StackProcess;
import dev.bulkhead.devstack.state.StackProcess.Role;
import dev.bulkhead.localservers.LocalPorts;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code ./bulkhead status}: the table again, with live health and memory; exit 3 when nothing runs. */
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
        for (var service : Services.ALL) {
            var process = find(recorded, service.name());
            long rss = process.map(Memory::rssWithDescendants).orElse(0L);
            total += rss;
            rows.add(new Table.Row(
                    service.name(),
                    Integer.toString(service.port()),
                    process.isPresent() ? Readiness.probe(service).label() : "not running",
                    process.isPresent() ? Memory.human(rss) : "-",
                    settings.show(settings.home().log(service.name()))));
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

    private static Optional<ProcessHandle> find(List<StackProcess> recorded, String name) {
        return recorded.stream().filter(p -> p.name().equals(name)).findFirst().flatMap(StackProcess::live);
    }
}
