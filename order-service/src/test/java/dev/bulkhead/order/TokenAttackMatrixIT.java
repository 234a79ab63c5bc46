package dev.bulkhead.order;

import static dev.bulkhead.testsupport.tokens.Refusals.assertProblem;
import static dev.bulkhead.testsupport.tokens.Refusals.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.RunningService;
import dev.bulkhead.testsupport.http.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service checks tokens itself, not only the gateway: the JWT attack matrix against order-service
 * as it really runs (resilience-lib's security chain, real HTTP), with a stand-in auth-service
 * serving the JWKS and the revocations, and a test-only controller to call.
 */
@Import(TokenAttackMatrixIT.Probe.class)
class TokenAttackMatrixIT extends RunningService {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(300);

    @DynamicPropertySource
    static void standInAuth(DynamicPropertyRegistry registry) {
        registry.add("bulkhead.security.revocations.poll-interval", () -> POLL_INTERVAL.toMillis() + "ms");
    }

    /** Test-only endpoints: who the caller is, and an admin-only write. */
    @RestController
    static class Probe {

        @GetMapping("/api/v1/probe/me")
        String me(@AuthenticationPrincipal Jwt caller) {
            return caller.getSubject();
        }

        @PostMapping("/api/v1/products/probe")
        String adminWrite() {
            return "written";
        }
    }

    static Stream<Arguments> attacks() {
        return auth.attacks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusesAForgedOrInvalidToken(String attack, String token) throws Exception {
        assertUnauthorized(send("GET", "/api/v1/probe/me", "Bearer " + token));
    }

    @Test
    void refusesARequestWithoutTokenOrWithAnEmptyOne() throws Exception {
        assertUnauthorized(send("GET", "/api/v1/probe/me", null));
        assertUnauthorized(send("GET", "/api/v1/probe/me", "Bearer "));
        assertUnauthorized(send("GET", "/api/v1/probe/me", "Basic dXNlcjpwYXNz"));
    }

    @Test
    void acceptsAValidTokenAndKnowsTheCaller() throws Exception {
        String token = auth.user();

        var response = send("GET", "/api/v1/probe/me", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo(com.nimbusds.jwt.SignedJWT.parse(token)
                        .getJWTClaimsSet()
                        .getSubject());
    }

    @Test
    void refusesAUserOnAnAdminPathAndLetsAnAdminThrough() throws Exception {
        var asUser = send("POST", "/api/v1/products/probe", "Bearer " + auth.user());
        assertThat(asUser.statusCode()).isEqualTo(403);
        assertProblem(asUser, 403);

        var asAdmin = send("POST", "/api/v1/products/probe", "Bearer " + auth.admin());
        assertThat(asAdmin.statusCode()).isEqualTo(200);
        assertThat(asAdmin.body()).isEqualTo("written");
    }

    @Test
    void refusesARevokedTokenWithinThePollIntervalPlusOneRead() throws Exception {
        String token = auth.user();
        assertThat(send("GET", "/api/v1/probe/me", "Bearer " + token).statusCode())
                .isEqualTo(200);

        auth.revoke(token);
        long revokedAt = System.nanoTime();
        Duration bound = POLL_INTERVAL.plus(Duration.ofSeconds(1)); // interval + one read, generously
        HttpResponse<String> response;
        do {
            response = send("GET", "/api/v1/probe/me", "Bearer " + token);
        } while (response.statusCode() == 200 && System.nanoTime() - revokedAt < bound.toNanos());

        assertUnauthorized(response);
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThanOrEqualTo(bound);
    }

    @Test
    void keepsHealthInfoAndPrometheusOpenAndOtherActuatorEndpointsToAdmins() throws Exception {
        for (String path :
                List.of("/actuator/health", "/actuator/health/readiness", "/actuator/info", "/actuator/prometheus")) {
            assertThat(send("GET", path, null).statusCode()).as(path).isEqualTo(200);
        }
        assertUnauthorized(send("GET", "/actuator/metrics", null));
        // Only auth-service serves its denylist without a token; here it is just another closed path.
        assertUnauthorized(send("GET", "/internal/v1/revocations", null));
        assertThat(send("GET", "/actuator/metrics", "Bearer " + auth.user()).statusCode())
                .as("metrics are for operators, not for any signed-in user")
                .isEqualTo(403);
        assertThat(send("GET", "/actuator/metrics", "Bearer " + auth.admin()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void showsWhatIsBehindTheServiceInHealthToAdminsOnly() throws Exception {
        for (String authorization : java.util.Arrays.asList(null, "Bearer " + auth.user())) {
            var health = send("GET", "/actuator/health", authorization);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body())
                    .as("health for %s", authorization == null ? "anyone" : "a user")
                    .contains("\"status\":\"UP\"")
                    .doesNotContain("components", "db", "kafka");
        }
        assertThat(send("GET", "/actuator/health", "Bearer " + auth.admin()).body())
                .contains("\"components\"", "\"db\"");
    }

    private HttpResponse<String> send(String method, String path, String authorization) {
        TestHttp http = TestHttp.at(port);
        return authorization == null
                ? http.send(method, path, null)
                : http.send(method, path, null, "Authorization", authorization);
    }
}
