package dev.bulkhead.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Tells whether a Docker engine answers; injectable so that mode selection can be tested without one. */
@FunctionalInterface
interface DockerProbe {

    /** A description of the engine that answered, or empty when none did. */
    Optional<String> answeringEngine();

    /**
     * Pings the Docker API ({@code GET /_ping}) on {@code DOCKER_HOST} or the usual sockets. A missing
     * socket costs nothing and a silent one at most {@link #TIMEOUT}, so a machine without Docker never
     * waits the way a full Testcontainers strategy scan can.
     */
    static DockerProbe socketPing() {
        return () -> {
            for (String host : candidates()) {
                if (ping(host)) {
                    return Optional.of(host);
                }
            }
            return Optional.empty();
        };
    }

    Duration TIMEOUT = Duration.ofMillis(1500);

    private static List<String> candidates() {
        List<String> hosts = new ArrayList<>();
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            hosts.add(dockerHost.strip());
            return hosts;
        }
        hosts.add("unix:///var/run/docker.sock");
        String home = System.getProperty("user.home");
        hosts.add("unix://" + home + "/.docker/run/docker.sock");
        hosts.add("unix://" + home + "/.docker/desktop/docker.sock");
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            hosts.add("unix://" + runtimeDir + "/docker.sock");
        }
        return hosts;
    }

    private static boolean ping(String host) {
        try {
            URI uri = URI.create(host);
            if ("unix".equals(uri.getScheme())) {
                Path socket = Path.of(uri.getPath());
                return Files.exists(socket) && pingUnix(socket);
            }
            if ("tcp".equals(uri.getScheme()) || "http".equals(uri.getScheme())) {
                return pingTcp(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort());
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean pingUnix(Path socket) {
        // SocketChannel reads cannot time out, so the read runs in a future that is abandoned on timeout.
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            var answer = CompletableFuture.supplyAsync(() -> exchange(channel));
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean exchange(SocketChannel channel) {
        try {
            channel.write(ByteBuffer.wrap(request()));
            ByteBuffer buffer = ByteBuffer.allocate(64);
            channel.read(buffer);
            return isOk(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean pingTcp(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(request());
            byte[] head = socket.getInputStream().readNBytes(12);
            return isOk(new String(head, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] request() {
        return "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isOk(String statusLine) {
        return statusLine.startsWith("HTTP/1.") && statusLine.length() >= 12 && statusLine.startsWith("200", 9);
    }
}
