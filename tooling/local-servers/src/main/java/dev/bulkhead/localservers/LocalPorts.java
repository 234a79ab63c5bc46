package dev.bulkhead.localservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Ports on this machine: which one is free, whether something listens on one, waiting until it does. */
public final class LocalPorts {

    /** Loopback answers at once or not at all. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private LocalPorts() {}

    /**
     * A port nothing listens on right now (the kernel's pick). Another process may take it before the
     * caller binds it; on a developer's machine that race is rare enough to accept.
     */
    public static int free() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    public static boolean isOpen(int port) {
        return isOpen("127.0.0.1", port, CONNECT_TIMEOUT);
    }

    /** Whether something accepts connections on {@code host:port} within {@code timeout}. */
    public static boolean isOpen(String host, int port, Duration timeout) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls until the condition holds or the timeout passes; true if it held. */
    public static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(POLL_INTERVAL);
        }
        return condition.getAsBoolean();
    }
}
