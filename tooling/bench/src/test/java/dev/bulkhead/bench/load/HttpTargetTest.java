package dev.bulkhead.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpTargetTest {

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
}
