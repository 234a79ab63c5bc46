package dev.bulkhead.bench.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nginx (Debian's nginx-light) as a reference reverse proxy in front of the same services: a child
 * process with its own configuration, pid file, error log and temp directories under {@code dir}, on a
 * free port, so it needs no root and touches nothing of the system's nginx. Upstream connections are kept
 * alive (64 per worker), as the gateway keeps its own.
 */
public final class Nginx implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/nginx");

    /** Idle keep-alive connections per worker to each upstream. */
    static final int UPSTREAM_KEEPALIVE = 64;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Requests under {@code prefix} go to the service on {@code port}.
     *
     * @param name the upstream's name in the configuration
     * @param prefix a path prefix such as {@code /api/v1/users/}
     * @param port the service's port on 127.0.0.1
     */
    public record Route(String name, String prefix, int port) {}

    private final Process process;
    private final int port;
    private final Thread stopOnExit;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
        // an interrupted benchmark (Ctrl-C) must not leave nginx behind
        this.stopOnExit = Thread.ofPlatform().unstarted(process::destroy);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Empty if nginx is installed, else what to do about it. */
    public static Optional<String> missing() {
        return Files.isExecutable(BINARY)
                ? Optional.empty()
                : Optional.of("nginx is not installed (" + BINARY + "): apt-get install nginx-light");
    }

    public static Nginx start(Path dir, List<Route> routes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort();
        var conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(dir.toAbsolutePath(), port, routes));
        var errorLog = dir.toAbsolutePath().resolve("error.log");
        var process = new ProcessBuilder(
                        BINARY.toString(),
                        "-p",
                        dir.toAbsolutePath().toString(),
                        "-c",
                        conf.toAbsolutePath().toString(),
                        "-e",
                        errorLog.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("nginx did not start on port " + port + "; see " + errorLog + " and "
                        + dir.resolve("nginx.out"));
            }
            Thread.sleep(50);
        }
        return new Nginx(process, port);
    }

    static String config(Path dir, int port, List<Route> routes) {
        var text = new StringBuilder();
        text.append("daemon off;\n")
                .append("master_process on;\n")
                .append("worker_processes auto;\n")
                .append("pid ")
                .append(dir.resolve("nginx.pid"))
                .append(";\n")
                .append("error_log ")
                .append(dir.resolve("error.log"))
                .append(" warn;\n")
                .append("events {\n    worker_connections 4096;\n}\n")
                .append("http {\n")
                .append("    access_log off;\n");
        for (var temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            text.append("    ")
                    .append(temp)
                    .append("_temp_path ")
                    .append(dir.resolve("temp-" + temp))
                    .append(";\n");
        }
        for (var route : routes) {
            text.append("    upstream ")
                    .append(route.name())
                    .append(" {\n")
                    .append("        server 127.0.0.1:")
                    .append(route.port())
                    .append(";\n")
                    .append("        keepalive ")
                    .append(UPSTREAM_KEEPALIVE)
                    .append(";\n")
                    .append("    }\n");
        }
        text.append("    server {\n")
                .append("        listen 127.0.0.1:")
                .append(port)
                .append(";\n");
        for (var route : routes) {
            text.append("        location ")
                    .append(route.prefix())
                    .append(" {\n")
                    .append("            proxy_pass http://")
                    .append(route.name())
                    .append(";\n")
                    .append("            proxy_http_version 1.1;\n")
                    .append("            proxy_set_header Connection \"\";\n")
                    .append("            proxy_set_header Host $host;\n")
                    .append("        }\n");
        }
        return text.append("    }\n}\n").toString();
    }

    public int port() {
        return port;
    }

    /** The master and its workers: their CPU time together is what nginx cost. */
    public List<Long> pids() {
        var pids = new ArrayList<Long>();
        pids.add(process.pid());
        process.toHandle().descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    /** SIGTERM (nginx's fast shutdown), then SIGKILL if it lingers. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // shutting down: the hook stops nginx
        }
        process.destroy();
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
