package dev.bulkhead.devstack.procs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** Resident memory as the kernel reports it (VmRSS in /proc/&lt;pid&gt;/status), for a process and its children. */
public final class Memory {

    private Memory() {}

    /** RSS of the process plus all its descendants (e.g. Postgres backends), in bytes; 0 if it is gone. */
    public static long rssWithDescendants(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants())
                .mapToLong(p -> rss(p.pid()))
                .sum();
    }

    /** RSS of this one process, in bytes; 0 if it is gone. */
    public static long rss(ProcessHandle process) {
        return rss(process.pid());
    }

    static long rss(long pid) {
        try (var lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .findFirst()
                    .map(Memory::parseKiloBytes)
                    .orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long parseKiloBytes(String statusLine) {
        var parts = statusLine.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }

    public static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MiB", Math.round(bytes / (double) (1L << 20)));
    }
}
