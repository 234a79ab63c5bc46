package dev.bulkhead.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A GET the load generators repeat: where it goes and the bearer token, if any.
 *
 * @param name how the report calls the target (gateway, direct, nginx)
 * @param port on 127.0.0.1
 * @param path with query, if any
 * @param bearer the access token, or empty for a public route
 */
public record HttpTarget(String name, int port, String path, Optional<String> bearer) {

    public String url() {
        return "http://127.0.0.1:" + port + path;
    }

    /** The request as bytes, written as is on a keep-alive connection. */
    byte[] request() {
        var text = new StringBuilder()
                .append("GET ")
                .append(path)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port)
                .append("\r\nAccept: application/json\r\n");
        bearer.ifPresent(
                token -> text.append("Authorization: Bearer ").append(token).append("\r\n"));
        return text.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
