package dev.bulkhead.testsupport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestHttpTest {

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            var headers = exchange.getRequestHeaders();
            seen.add(exchange.getProtocol() + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " upgrade=" + headers.getFirst("Upgrade") + " type=" + headers.getFirst("Content-Type")
                    + " key=" + headers.getFirst("Idempotency-Key")
                    + " body=" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"answer\":42}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void speaksHttp11WithoutOfferingAnH2cUpgrade() {
        var response = TestHttp.at(server.getAddress().getPort()).get("/things?x=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("answer").asInt()).isEqualTo(42);
        assertThat(seen).containsExactly("HTTP/1.1 GET /things?x=1 upgrade=null type=null key=null body=");
    }

    @Test
    void sendsAJsonBodyWithItsContentTypeAndTheGivenHeaders() {
        TestHttp.at("http://127.0.0.1:" + server.getAddress().getPort() + "/")
                .send("POST", "/orders", "{\"a\":1}", "Idempotency-Key", "k1");

        assertThat(seen)
                .containsExactly("HTTP/1.1 POST /orders upgrade=null type=application/json key=k1 body={\"a\":1}");
    }

    @Test
    void failsSayingNothingListensWhenNothingDoes() throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        assertThatThrownBy(() -> TestHttp.at(free).get("/"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Nothing accepts connections at http://127.0.0.1:" + free);
    }
}
