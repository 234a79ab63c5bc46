package dev.bulkhead.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The six services as the gateway sees them, over real HTTP on free local ports: each answers every
 * request with its own name and records what reached it, so a test can tell where the gateway sent
 * a request and what it passed on.
 */
public final class StandInServices implements AutoCloseable {

    public static final List<String> NAMES = List.of("auth", "user", "order", "payment", "inventory", "notification");

    private final Map<String, HttpServer> servers = new ConcurrentHashMap<>();
    /** "service METHOD path authorization bodyLength" for every request a service received. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** "service path" for every request a service received. */
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private StandInServices() {}

    public static StandInServices start() {
        var standIns = new StandInServices();
        NAMES.forEach(standIns::serve);
        return standIns;
    }

    /** Points {@code bulkhead.services.*} (the gateway's routes) at the stand-ins. */
    public void register(DynamicPropertyRegistry registry) {
        servers.forEach((name, server) -> registry.add(
                "bulkhead.services." + name,
                () -> "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    public List<String> requests() {
        return requests;
    }

    public List<String> paths() {
        return paths;
    }

    private void serve(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] requestBody = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getRawPath();
                paths.add(name + " " + path);
                requests.add(String.join(
                        " ",
                        name,
                        exchange.getRequestMethod(),
                        path,
                        String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                        String.valueOf(requestBody.length)));
                byte[] body = name.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            servers.put(name, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        servers.values().forEach(server -> server.stop(0));
    }
}
