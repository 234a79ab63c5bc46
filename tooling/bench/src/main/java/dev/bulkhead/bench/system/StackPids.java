package dev.bulkhead.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The pid of a dev-stack application: from {@code .bulkhead/stack.state}, the file {@code ./bulkhead up}
 * keeps (one line {@code role name pid started-millis port} per process), else from whoever listens on
 * its port ({@code ss -ltnp}).
 */
public final class StackPids {

    private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");
    private static final long SAME_START_MILLIS = 2_000; // /proc start times are exact to the clock tick

    private final Path stateFile;

    public StackPids(Path bulkheadHome) {
        this.stateFile = bulkheadHome.resolve("stack.state");
    }

    /** The JVM of the application {@code name} (gateway, user …) listening on {@code port}. */
    public Optional<ProcessHandle> find(String name, int port) {
        return fromStateFile(name).or(() -> listening(port)).map(StackPids::javaIn);
    }

    private Optional<ProcessHandle> fromStateFile(String name) {
        if (!Files.isReadable(stateFile)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(stateFile).stream()
                    .map(line -> stateLine(line, name))
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<ProcessHandle> stateLine(String line, String name) {
        var parts = line.strip().split("\\s+");
        if (parts.length != 5 || line.startsWith("#") || !parts[1].equals(name)) {
            return Optional.empty();
        }
        long pid;
        long started;
        try {
            pid = Long.parseLong(parts[2]);
            started = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info()
                        .startInstant()
                        .map(Instant::toEpochMilli)
                        .map(at -> Math.abs(at - started) <= SAME_START_MILLIS)
                        .orElse(true));
    }

    private static Optional<ProcessHandle> listening(int port) {
        try {
            var process = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return pidInSsOutput(output).stream().boxed().findFirst().flatMap(ProcessHandle::of);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static OptionalLong pidInSsOutput(String output) {
        var matcher = SS_PID.matcher(output);
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** The process itself if it is a JVM, else its first descendant that is (a wrapper such as setsid). */
    private static ProcessHandle javaIn(ProcessHandle handle) {
        if (isJava(handle)) {
            return handle;
        }
        return handle.descendants().filter(StackPids::isJava).findFirst().orElse(handle);
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    /** Stops or resumes a process (SIGSTOP, SIGCONT): the JDK sends only SIGTERM and SIGKILL itself. */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder(List.of("kill", "-" + signal, Long.toString(pid)))
                .inheritIO()
                .start()
                .waitFor();
        if (exit != 0) {
            throw new IOException("kill -" + signal + " " + pid + " exited with " + exit);
        }
    }
}
