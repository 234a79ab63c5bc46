package dev.bulkhead.localservers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} process on 127.0.0.1, nothing persisted (no RDB, no AOF): started, waited for
 * until it answers PING, stopped on {@link #close()}.
 */
public final class RedisServer implements AutoCloseable {

    public static final String COMMAND = "redis-server";
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration PING_TIMEOUT = Duration.ofMillis(500); // a local server answers in microseconds
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /** Starts the process; the dev stack puts it in its own session and sends its output to a log. */
    @FunctionalInterface
    public interface ProcessStarter {
        Process start(List<String> command) throws IOException;
    }

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code redis-server} from the PATH, if there is one. */
    public static Optional<Path> onPath() {
        var path = System.getenv().getOrDefault("PATH", "");
        for (var dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            var candidate = Path.of(dir, COMMAND);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The command line for a server on {@code port}: loopback only, in the foreground, nothing written to disk. */
    public static List<String> command(String executable, int port) {
        return List.of(
                executable,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no");
    }

    /** Starts {@code executable} on {@code port}, its output appended to {@code log}, and waits until it answers. */
    public static RedisServer start(String executable, int port, Path log) throws IOException, InterruptedException {
        return start(
                command -> new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start(),
                executable,
                port,
                log,
                START_TIMEOUT);
    }

    /**
     * Starts the server through {@code starter} and waits until it answers PING. If it exits or stays
     * silent until {@code timeout}, it is stopped and the exception says why and where its log is.
     */
    public static RedisServer start(ProcessStarter starter, String executable, int port, Path log, Duration timeout)
            throws IOException, InterruptedException {
        var process = starter.start(command(executable, port));
        var server = new RedisServer(process, port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        executable + " exited with code " + process.exitValue() + " on port " + port + ", see " + log);
            }
            if (answersPing("127.0.0.1", port)) {
                return server;
            }
            Thread.sleep(50);
        }
        server.close();
        throw new IOException(executable + " did not answer on port " + port + " within " + timeout + ", see " + log);
    }

    /** Whether a Redis server on {@code host:port} answers PING with PONG. */
    public static boolean answersPing(String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) PING_TIMEOUT.toMillis());
            socket.setSoTimeout((int) PING_TIMEOUT.toMillis());
            socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return "+PONG".equals(readLine(socket.getInputStream()));
        } catch (IOException e) {
            return false;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int b; (b = in.read()) != -1 && b != '\n'; ) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** SIGTERM, then SIGKILL if it has not exited after a few seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
