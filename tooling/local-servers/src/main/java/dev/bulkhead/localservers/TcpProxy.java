package dev.bulkhead.localservers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a server, so that a test can take the server away from one
 * client without touching the server others use: {@link #cut()} it (open connections die, new ones
 * hang), {@link #pause()} it (connections stay open but nothing passes) and {@link #resume()}.
 * Hanging, not refusing, is the worst case for a client: it waits for its own timeout instead of
 * failing fast.
 */
public final class TcpProxy implements AutoCloseable {

    private enum State {
        FORWARDING,
        PAUSED,
        CUT
    }

    private static final int BUFFER = 8192;

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final Set<Socket> forwarded = ConcurrentHashMap.newKeySet();
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private State state = State.FORWARDING; // guarded by lock
    private volatile boolean closed;

    private TcpProxy(ServerSocket server, String upstreamHost, int upstreamPort) {
        this.server = server;
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        Thread.ofPlatform()
                .daemon()
                .name("tcp-proxy-accept-" + server.getLocalPort())
                .start(this::accept);
    }

    /** A proxy to {@code upstreamHost:upstreamPort} on a free port of its own. */
    public static TcpProxy start(String upstreamHost, int upstreamPort) {
        try {
            var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            return new TcpProxy(server, upstreamHost, upstreamPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A proxy on the given port, e.g. one a client was told about while nothing listened there yet:
     * opening it is "the server comes back".
     */
    public static TcpProxy open(int port, String upstreamHost, int upstreamPort) throws IOException {
        var server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new TcpProxy(server, upstreamHost, upstreamPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The server is gone: open connections die, new ones are accepted and never answered. */
    public void cut() {
        synchronized (lock) {
            state = State.CUT;
            lock.notifyAll();
        }
        closeAll(forwarded);
        closeAll(held);
    }

    /** The server hangs: open connections stay open but no byte passes either way; new ones are held. */
    public void pause() {
        synchronized (lock) {
            if (state == State.FORWARDING) {
                state = State.PAUSED;
            }
        }
    }

    /**
     * The server is back: what a pause held back passes on, and connections held without a server are
     * closed, so their clients reconnect and are forwarded.
     */
    public void resume() {
        synchronized (lock) {
            state = State.FORWARDING;
            lock.notifyAll();
        }
        closeAll(held);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                boolean forwarding;
                synchronized (lock) {
                    forwarding = state == State.FORWARDING;
                    (forwarding ? forwarded : held).add(client);
                }
                if (!forwarding) {
                    continue; // held open, never answered
                }
                Socket upstream;
                try {
                    upstream = new Socket(upstreamHost, upstreamPort);
                } catch (IOException e) {
                    close(client); // refused upstream: the client sees its connection close
                    continue;
                }
                forwarded.add(upstream);
                // Without it, Nagle and delayed ACKs add ~40 ms to every small request and reply.
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // the server socket was closed, or a connection died as it was accepted
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform()
                .daemon()
                .name("tcp-proxy-pump-" + server.getLocalPort())
                .start(() -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        var buffer = new byte[BUFFER];
                        for (int read; (read = in.read(buffer)) != -1; ) {
                            awaitForwarding();
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side closed
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        close(from);
                        close(to);
                    }
                });
    }

    private void awaitForwarding() throws InterruptedException {
        synchronized (lock) {
            while (state == State.PAUSED && !closed) {
                lock.wait();
            }
        }
    }

    private void closeAll(Set<Socket> sockets) {
        sockets.forEach(this::close);
    }

    private void close(Socket socket) {
        forwarded.remove(socket);
        held.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        closeAll(forwarded);
        closeAll(held);
    }
}
