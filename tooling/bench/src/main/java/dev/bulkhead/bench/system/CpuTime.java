package dev.bulkhead.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * CPU time a process has used (user + system), from {@code /proc/<pid>/stat}, in milliseconds. Read
 * before and after a round, the difference divided by the round's requests is what each request cost.
 */
public final class CpuTime {

    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private CpuTime() {}

    /** User + system time of the processes, summed; a process that has gone counts as zero. */
    public static double millisOf(Collection<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            total += millisOf(pid);
        }
        return total;
    }

    public static double millisOf(long pid) {
        try {
            var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            return ticks(stat) * 1000.0 / TICKS_PER_SECOND;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * utime + stime (fields 14 and 15) of a stat line. The command name (field 2) is in parentheses and
     * may hold spaces and parentheses itself, so fields are counted from the last ')'.
     */
    static long ticks(String stat) {
        var fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long ticksPerSecond() {
        try {
            var process = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            process.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100; // USER_HZ on every Linux we run on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
