package dev.bulkhead.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    @Test
    void readsResponsesFramedByLengthAndByChunksOffOneKeepAliveStream() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
                + "{\"id\":\"abc\"}\n"
                + "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\n{\"tit\r\n3\r\nle\"\r\n0\r\nX-Trailer: 1\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nContent-Length: 99\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n");

        assertThat(HttpConnection.read(in, null)).isEqualTo(new HttpConnection.Response(200, false));
        assertThat(HttpConnection.read(in, null)).isEqualTo(new HttpConnection.Response(503, true));
        assertThat(HttpConnection.read(in, null)).isEqualTo(new HttpConnection.Response(304, false));
        assertThat(HttpConnection.read(in, null)).isEqualTo(new HttpConnection.Response(204, false));
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void aBodyCutShortByTheServerIsAnErrorNotAResponse() {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");

        assertThatThrownBy(() -> HttpConnection.read(in, null)).isInstanceOf(EOFException.class);
    }

    @Test
    void theRequestIsAKeepAliveGetWithTheBearerTokenWhenThereIsOne() {
        var withToken = new HttpTarget("gateway", 8080, "/api/v1/users/me", Optional.of("t0k"));
        var without = new HttpTarget("direct", 8085, "/api/v1/products/1", Optional.empty());

        assertThat(new String(withToken.request(), StandardCharsets.US_ASCII))
                .startsWith("GET /api/v1/users/me HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n")
                .contains("Authorization: Bearer t0k\r\n")
                .endsWith("\r\n\r\n");
        assertThat(new String(without.request(), StandardCharsets.US_ASCII)).doesNotContain("Authorization");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
