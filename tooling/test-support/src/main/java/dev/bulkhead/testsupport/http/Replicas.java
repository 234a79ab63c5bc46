package dev.bulkhead.testsupport.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Instances of one service over real HTTP on free local ports, for load-balancing tests: each answers
 * every request with {@code 200} and its own index as the body, and counts what reached it. An
 * instance can {@link #kill die} (its port refuses connections), {@link #dropConnections die
 * mid-call} (its port accepts connections and closes them before answering, each one counted and
 * timed), and {@link #revive come back} on the same port.
 */
public final class Replicas implements AutoCloseable {

    private final List<Instance> instances = new ArrayList<>();

    private Replicas() {}

    /** {@code count} instances, all answering. */
    public static Replicas start(int count) {
        Replicas replicas = new Replicas();
        for (int i = 0; i < count; i++) {
            Instance instance = new Instance(i);
            instance.serve(0);
            replicas.instances.add(instance);
        }
        return replicas;
    }

    /** The value of {@code bulkhead.services.<name>}: every instance's base URL, comma-separated. */
    public String urls() {
        return instances.stream().map(Instance::url).collect(Collectors.joining(","));
    }

    /** @return the base URL of one instance */
    public String url(int instance) {
        return instances.get(instance).url();
    }

    /** @return the requests the instance has answered so far */
    public int answered(int instance) {
        return instances.get(instance).answered.get();
    }

    /** @return when (System.nanoTime) each connection the instance dropped while dead mid-call came in */
    public List<Long> dropped(int instance) {
        return List.copyOf(instances.get(instance).dropped);
    }

    /** The instance is gone: its port refuses connections. */
    public void kill(int instance) {
        instances.get(instance).stop();
    }

    /** The instance dies mid-call: its port accepts connections and closes them without answering. */
    public void dropConnections(int instance) {
        instances.get(instance).drop();
    }

    /** The instance is back on the port it had. */
    public void revive(int instance) {
        Instance it = instances.get(instance);
        it.stop();
        it.serve(it.port);
    }

    @Override
    public void close() {
        instances.forEach(Instance::stop);
    }

    private static final class Instance {

        private final int index;
        private final AtomicInteger answered = new AtomicInteger();
        private final List<Long> dropped = new CopyOnWriteArrayList<>();
        private volatile int port;
        private volatile ServerSocket socket;
        private volatile boolean dropping;

        Instance(int index) {
            this.index = index;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        void serve(int onPort) {
            listen(onPort, false);
        }

        void drop() {
            stop();
            listen(port, true);
        }

        /**
         * A plain socket with SO_REUSEADDR (the JDK's HttpServer has none, so a port with connections
         * in TIME_WAIT could not be taken again) and one HTTP/1.1 exchange per connection.
         */
        private void listen(int onPort, boolean drop) {
            try {
                ServerSocket listening = bound(onPort);
                port = listening.getLocalPort();
                dropping = drop;
                socket = listening;
                Thread.ofVirtual().start(() -> accept(listening));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve instance " + index + " on port " + onPort, e);
            }
        }

        /** The previous socket's close completes once its accepting thread has left accept(): wait for it. */
        private static ServerSocket bound(int onPort) throws IOException {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (true) {
                ServerSocket listening = new ServerSocket();
                listening.setReuseAddress(true);
                try {
                    listening.bind(new InetSocketAddress("127.0.0.1", onPort));
                    return listening;
                } catch (java.net.BindException e) {
                    listening.close();
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        private void accept(ServerSocket listening) {
            while (!listening.isClosed()) {
                try {
                    Socket accepted = listening.accept();
                    if (dropping) {
                        dropped.add(System.nanoTime());
                        accepted.setSoLinger(true, 0); // a reset, as from a process that died
                        accepted.close();
                    } else {
                        Thread.ofVirtual().start(() -> exchange(accepted));
                    }
                } catch (IOException e) {
                    // closed by stop()
                }
            }
        }

        private void exchange(Socket accepted) {
            try (accepted) {
                var in = new java.io.BufferedInputStream(accepted.getInputStream());
                int contentLength = 0;
                StringBuilder line = new StringBuilder();
                boolean first = true;
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    if (b == '\n') {
                        String header = line.toString().strip();
                        line.setLength(0);
                        if (header.isEmpty() && !first) {
                            break;
                        }
                        first = false;
                        int colon = header.indexOf(':');
                        if (colon > 0 && header.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                            contentLength =
                                    Integer.parseInt(header.substring(colon + 1).strip());
                        }
                    } else {
                        line.append((char) b);
                    }
                }
                in.readNBytes(contentLength);
                answered.incrementAndGet();
                byte[] body = String.valueOf(index).getBytes(StandardCharsets.UTF_8);
                var out = accepted.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                                + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the caller went away
            }
        }

        void stop() {
            ServerSocket listening = socket;
            socket = null;
            if (listening != null) {
                try {
                    listening.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }
}
