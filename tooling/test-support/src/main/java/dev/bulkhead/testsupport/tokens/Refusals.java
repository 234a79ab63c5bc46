package dev.bulkhead.testsupport.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/**
 * What a refused request must look like, at the gateway and at every service alike: an RFC 9457
 * problem detail with the status and a title, a {@code Bearer} challenge on 401, and nothing that
 * tells an attacker which library or check said no.
 */
public final class Refusals {

    private Refusals() {}

    /** 401 with a {@code WWW-Authenticate: Bearer} challenge and a clean problem detail. */
    public static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        assertProblem(response, 401);
    }

    /** A problem detail of {@code status} with no stack trace, exception or library name in it. */
    public static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"status\":" + status)
                .contains("\"title\":")
                .doesNotContain("Exception", "exception", "trace", "at org.", "at java.", "nimbus", "springframework");
    }
}
