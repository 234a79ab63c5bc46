package dev.bulkhead.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Closed-loop throughput with wrk (Debian's package): {@code threads} threads keep {@code connections}
 * keep-alive connections busy for {@code duration}; each sends its next request when the last answered.
 */
public final class Wrk {

    public static final Path BINARY = Path.of("/usr/bin/wrk");

    /** Two threads: wrk on all cores would take the CPU the measured server needs. */
    private static final int THREADS = 2;

    private Wrk() {}

    /** Empty if wrk is installed, else what to do about it. */
    public static java.util.Optional<String> missing() {
        return Files.isExecutable(BINARY)
                ? java.util.Optional.empty()
                : java.util.Optional.of("wrk is not installed (" + BINARY + "): apt-get install wrk");
    }

    public static List<String> command(HttpTarget target, int connections, Duration duration) {
        var command = new ArrayList<>(List.of(
                BINARY.toString(),
                "-t" + Math.min(THREADS, connections),
                "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s",
                "--timeout",
                "5s",
                "--latency"));
        target.bearer().ifPresent(token -> {
            command.add("-H");
            command.add("Authorization: Bearer " + token);
        });
        command.add(target.url());
        return command;
    }

    public static WrkResult run(HttpTarget target, int connections, Duration duration)
            throws IOException, InterruptedException {
        var process = new ProcessBuilder(command(target, connections, duration))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("wrk exited with " + exit + ":\n" + output);
        }
        return WrkResult.parse(output);
    }
}
