package dev.bulkhead.devstack.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The control endpoint on 127.0.0.1: {@code GET /v1/targets} lists what can be broken,
 * {@code POST /v1/targets/<name>/<action>} does it. Every request must carry the secret generated at
 * this start in {@value #SECRET_HEADER}; only the gateway is told it ({@link #gatewayEnvironment()}), so
 * another local user's process cannot freeze the stack, and a browser cannot either (no CORS, no cookie).
 */
public final class ControlServer implements AutoCloseable {

    /** The header that carries the secret. */
    public static final String SECRET_HEADER = "X-Bulkhead-Control-Secret";

    private static final String PREFIX = "/v1/targets";

    private final HttpServer server;
    private final String secret;

    private ControlServer(HttpServer server, String secret) {
        this.server = server;
        this.secret = secret;
    }

    /** Binds the port (0: any free one) before the applications start, so their environment can name it. */
    public static ControlServer bind(int port) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return new ControlServer(server, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What the gateway's console reads ({@code bulkhead.gateway.console.control.*}). */
    public Map<String, String> gatewayEnvironment() {
        return Map.of(
                "BULKHEAD_GATEWAY_CONSOLE_CONTROL_URL",
                url().toString(),
                "BULKHEAD_GATEWAY_CONSOLE_CONTROL_SECRET",
                secret);
    }

    /** Starts answering; one thread is enough for a person clicking. */
    public void serve(BreakIt breakIt) {
        server.createContext(PREFIX, exchange -> handle(exchange, breakIt));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            var thread = new Thread(r, "bulkhead-control");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange, BreakIt breakIt) throws IOException {
        try {
            String given = exchange.getRequestHeaders().getFirst(SECRET_HEADER);
            if (given == null
                    || !MessageDigest.isEqual(
                            given.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
                answer(exchange, 401, error("missing or wrong " + SECRET_HEADER));
                return;
            }
            // "/v1/targets" -> [], "/v1/targets/order/freeze" -> ["order", "freeze"]
            String rest = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String[] path = rest.replaceAll("^/+|/+$", "").isEmpty()
                    ? new String[0]
                    : rest.replaceAll("^/+|/+$", "").split("/");
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.length == 0) {
                answer(
                        exchange,
                        200,
                        "["
                                + String.join(
                                        ",",
                                        breakIt.targets().stream()
                                                .map(Target::json)
                                                .toList()) + "]");
            } else if (method.equals("POST") && path.length == 2) {
                answer(exchange, 200, breakIt.apply(path[0], path[1]).json());
            } else {
                answer(exchange, 404, error("GET " + PREFIX + " or POST " + PREFIX + "/<name>/<action>"));
            }
        } catch (Refused refused) {
            answer(exchange, refused.status(), error(refused.getMessage()));
        } finally {
            exchange.close();
        }
    }

    private static String error(String detail) {
        return "{\"detail\":" + Json.string(detail) + "}";
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
