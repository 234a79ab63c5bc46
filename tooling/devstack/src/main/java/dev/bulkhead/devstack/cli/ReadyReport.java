package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.apps.Apps;
import dev.bulkhead.devstack.procs.Memory;
import dev.bulkhead.devstack.state.AdminAccount;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.OptionalLong;

/** What {@code up} prints once every application is ready: the table, the time it took, memory, how to go on. */
final class ReadyReport {

    private ReadyReport() {}

    static void print(PrintStream out, Settings settings, RunningStack stack, Apps apps, AdminAccount admin) {
        var rows = new ArrayList<Table.Row>();
        long total = 0;
        var running = stack.apps();
        for (var entry : running.entrySet()) {
            var instance = entry.getKey();
            long rss = Memory.rssWithDescendants(entry.getValue().toHandle());
            total += rss;
            rows.add(new Table.Row(
                    instance.name(),
                    Integer.toString(instance.port()),
                    Long.toString(entry.getValue().pid()),
                    "UP" + (apps.usesAotCache(instance.service()) ? " (aot)" : ""),
                    Memory.human(rss),
                    settings.show(apps.log(instance))));
        }
        for (var component : stack.infra()) {
            long rss = component.process().map(Memory::rssWithDescendants).orElse(0L);
            total += rss;
            rows.add(new Table.Row(
                    component.name(),
                    Integer.toString(component.port()),
                    component.process().map(p -> Long.toString(p.pid())).orElse("-"),
                    component.origin(),
                    component.process().isPresent() ? Memory.human(rss) : "-",
                    component.process().isPresent()
                            ? settings.show(settings.home().log(component.name()))
                            : "-"));
        }
        out.println();
        out.print(Table.render(rows));
        out.println();
        long now = System.currentTimeMillis();
        long since = settings.startedAtMillis()
                .orElse(ProcessHandle.current()
                        .info()
                        .startInstant()
                        .map(Instant::toEpochMilli)
                        .orElse(now));
        out.println(readyLine(running.size(), apps.plan().services().size(), now - since, settings.buildMillis()));
        if (apps.plan().instances().size() > apps.plan().services().size()) {
            out.println("Instances of each service are listed to every application as BULKHEAD_SERVICES_<NAME>"
                    + " (comma-separated base URLs); instance n listens on the service's port + (n-1)*1000.");
        }
        out.printf(
                "Resident memory of the %d processes bulkhead started: %s (and the launcher itself: %s).%n",
                stack.startedProcesses(), Memory.human(total), Memory.human(Memory.rss(ProcessHandle.current())));
        out.println("Try:  curl -s localhost:8080/actuator/health");
        out.println(
                "Admin: " + admin.email() + " / " + admin.password() + "  (BULKHEAD_ADMIN_PASSWORD overrides; kept in "
                        + settings.home().dir().resolve("admin-password") + ")");
        out.println("Stop: Ctrl-C here, or ./bulkhead down from another terminal. Logs: ./bulkhead logs <service>.");
    }

    /** Counted from the command (./bulkhead's start), so a build it needed shows, and says how much of it was. */
    static String readyLine(int instances, int applications, long elapsedMillis, OptionalLong buildMillis) {
        var build = buildMillis.isPresent()
                ? String.format(Locale.ROOT, ", of which %.1f s building", buildMillis.getAsLong() / 1000.0)
                : "";
        return String.format(
                Locale.ROOT,
                "All %s ready in %.1f s (since the command%s).",
                instances == applications
                        ? applications + " applications"
                        : instances + " instances of " + applications + " applications",
                elapsedMillis / 1000.0,
                build);
    }
}
