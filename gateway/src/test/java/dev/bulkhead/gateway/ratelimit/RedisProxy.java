package dev.bulkhead.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder between the gateway and the shared Redis, so a test can take Redis away from the
 * gateway without touching the server other tests use. {@link #cut()} drops every connection and
 * from then on accepts new ones but never answers (a hung or partitioned Redis: the worst case for a
 * client, which waits instead of being refused); {@link #restore()} forwards again.
 */
public final class RedisProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private RedisProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("redis-proxy-accept").start(this::accept);
    }

    public static RedisProxy start(String upstreamHost, int upstreamPort) {
        try {
            return new RedisProxy(upstreamHost, upstreamPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Redis is gone: open connections die, new ones hang. */
    public void cut() {
        cut = true;
        closeAll();
    }

    /** Redis is back: hanging connections are closed, so the client reconnects and is forwarded. */
    public void restore() {
        cut = false;
        closeAll();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (cut) {
                    continue; // held open, never answered
                }
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                sockets.add(upstream);
                // Like Redis and its clients: without it, Nagle and delayed ACKs add ~40 ms to small replies.
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // the server socket was closed, or Redis refused: the client sees its socket close
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().name("redis-proxy-pump").start(() -> {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        });
    }

    private void closeAll() {
        sockets.forEach(this::close);
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        closeAll();
    }
}
