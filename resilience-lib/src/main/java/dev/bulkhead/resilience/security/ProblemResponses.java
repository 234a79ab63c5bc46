package dev.bulkhead.resilience.security;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * RFC 9457 problem documents for the errors the security chain answers itself (401, 403, 503), in
 * the servlet services and the gateway alike. Fixed texts only: nothing from an exception (class
 * name, message, stack) ever reaches a body.
 */
public final class ProblemResponses {

    /** {@code application/problem+json}. */
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    /** {@code WWW-Authenticate} when no token was sent (RFC 6750 §3: no error code). */
    public static final String CHALLENGE_MISSING = "Bearer realm=\"bulkhead\"";

    /** {@code WWW-Authenticate} when the token was refused. */
    public static final String CHALLENGE_INVALID = "Bearer realm=\"bulkhead\", error=\"invalid_token\", "
            + "error_description=\"The access token is invalid, expired or revoked\"";

    /** {@code WWW-Authenticate} when the token is valid but lacks the role. */
    public static final String CHALLENGE_INSUFFICIENT = "Bearer realm=\"bulkhead\", error=\"insufficient_scope\", "
            + "error_description=\"The access token lacks the role this request needs\"";

    private ProblemResponses() {}

    /** @return the 401 body */
    public static byte[] unauthorized(String instance) {
        return body(HttpStatus.UNAUTHORIZED, "A valid bearer access token is required.", instance);
    }

    /** @return the 403 body */
    public static byte[] forbidden(String instance) {
        return body(HttpStatus.FORBIDDEN, "Your role does not allow this request.", instance);
    }

    /** @return the 503 body for when signing keys cannot be fetched */
    public static byte[] keysUnavailable(String instance) {
        return body(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Access tokens cannot be verified right now; try again shortly.",
                instance);
    }

    /**
     * A problem document with {@code type} {@code about:blank}, the status's reason as
     * {@code title}, and the given detail and instance.
     *
     * @param status the HTTP status
     * @param detail a fixed, human-readable explanation
     * @param instance the request path, or null
     * @return UTF-8 JSON
     */
    public static byte[] body(HttpStatus status, String detail, String instance) {
        StringBuilder json = new StringBuilder(160)
                .append("{\"type\":\"about:blank\",\"title\":")
                .append(quote(status.getReasonPhrase()))
                .append(",\"status\":")
                .append(status.value())
                .append(",\"detail\":")
                .append(quote(detail));
        if (instance != null) {
            json.append(",\"instance\":").append(quote(instance));
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
