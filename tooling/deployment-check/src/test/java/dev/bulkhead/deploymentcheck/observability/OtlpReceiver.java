package dev.bulkhead.deploymentcheck.observability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for the OpenTelemetry Collector's OTLP/HTTP receiver: records what is posted, answers 200. */
final class OtlpReceiver implements AutoCloseable {

    /** One export request. */
    record Export(String path, String contentType, int bytes) {}

    private final HttpServer server;
    private final List<Export> exports = new CopyOnWriteArrayList<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exports.add(new Export(
                    exchange.getRequestURI().getPath(),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    body.length));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Export> exports() {
        return List.copyOf(exports);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
