package dev.bulkhead.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.bulkhead.auth.AuthHttp;
import dev.bulkhead.testsupport.RealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Register, log in, refresh, log out over HTTP, with the refresh-token and denylist rules. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionsIT {

    @LocalServerPort
    int port;

    AuthHttp http;

    @BeforeEach
    void client() {
        http = new AuthHttp(port);
    }

    @Test
    void registersLogsInRefreshesAndLogsOut() throws Exception {
        String email = unique("ada");
        AuthHttp.Response registered = http.register(email, "correct horse battery", "Ada Lovelace");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.headers().firstValue("Location")).contains("/api/v1/users/me");
        JsonNode account = registered.json();
        assertThat(account.get("email").asString()).isEqualTo(email);
        assertThat(account.get("name").asString()).isEqualTo("Ada Lovelace");
        String userId = account.get("id").asString();

        AuthHttp.Response login = http.login(email.toUpperCase(), "correct horse battery");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        JsonNode tokens = login.json();
        assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(600);
        assertThat(tokens.get("refresh_token").asString()).matches("[A-Za-z0-9_-]{43}");

        SignedJWT jwt = SignedJWT.parse(tokens.get("access_token").asString());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getKeyID()).isNotBlank();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("bulkhead-auth");
        assertThat(claims.getAudience()).containsExactly("bulkhead");
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.getStringListClaim("roles")).containsExactly("USER");
        assertThat(claims.getStringClaim("email")).isEqualTo(email);
        assertThat(UUID.fromString(claims.getJWTID())).isNotNull();
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(10));

        AuthHttp.Response refreshed = http.refresh(tokens.get("refresh_token").asString());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().get("refresh_token").asString())
                .isNotEqualTo(tokens.get("refresh_token").asString());
        assertThat(SignedJWT.parse(refreshed.json().get("access_token").asString())
                        .getJWTClaimsSet()
                        .getSubject())
                .isEqualTo(userId);

        AuthHttp.Response logout = http.logout(
                refreshed.json().get("refresh_token").asString(),
                refreshed.json().get("access_token").asString());
        assertThat(logout.status()).as(logout.body()).isEqualTo(204);
    }

    @Test
    void rotatesTheRefreshTokenAndRevokesTheWholeFamilyWhenARotatedOneIsReused() {
        String email = unique("grace");
        http.register(email, "correct horse battery", "Grace Hopper");
        String first = http.login(email, "correct horse battery")
                .json()
                .get("refresh_token")
                .asString();
        String second = http.refresh(first).json().get("refresh_token").asString();

        AuthHttp.Response reuse = http.refresh(first);
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.contentType()).startsWith("application/problem+json");
        assertThat(reuse.json().get("type").asString()).endsWith("/invalid-refresh-token");

        AuthHttp.Response afterReuse = http.refresh(second);
        assertThat(afterReuse.status())
                .as("the legitimate newest token dies with its family")
                .isEqualTo(401);
    }

    @Test
    void anUnknownRefreshTokenIsRefused() {
        AuthHttp.Response response = http.refresh("bm90LWEtcmVhbC10b2tlbi1ub3QtYS1yZWFsLXRva2Vu");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void logoutRefusesTheRefreshTokenAtOnceAndPublishesTheJtiUntilItsExpiry() throws Exception {
        String email = unique("alan");
        http.register(email, "correct horse battery", "Alan Turing");
        JsonNode tokens = http.login(email, "correct horse battery").json();
        String access = tokens.get("access_token").asString();
        String refresh = tokens.get("refresh_token").asString();
        var claims = SignedJWT.parse(access).getJWTClaimsSet();
        Instant beforeLogout = Instant.now().minusSeconds(1);

        assertThat(http.logout(refresh, access).status()).isEqualTo(204);

        assertThat(http.refresh(refresh).status()).isEqualTo(401);
        JsonNode revocations = http.get("/internal/v1/revocations").json();
        assertThat(Instant.parse(revocations.get("asOf").asString())).isBefore(Instant.now());
        JsonNode entry = StreamSupport.stream(revocations.get("revocations").spliterator(), false)
                .filter(r -> r.get("jti").asString().equals(claims.getJWTID()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("jti not listed: " + revocations));
        assertThat(Instant.parse(entry.get("expiresAt").asString()))
                .isEqualTo(claims.getExpirationTime().toInstant());

        assertThat(http.get("/internal/v1/revocations?since=" + beforeLogout).body())
                .contains(claims.getJWTID());
        assertThat(http.get("/internal/v1/revocations?since=" + Instant.now().plusSeconds(60))
                        .body())
                .doesNotContain(claims.getJWTID());
        assertThat(http.logout(refresh, access).status())
                .as("the revoked access token is refused by auth-service itself")
                .isEqualTo(401);
    }

    @Test
    void logoutWithoutABearerTokenIsA401ProblemDetail() {
        AuthHttp.Response response = http.post("/api/v1/auth/logout", "{\"refresh_token\":\"x\"}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void aRevocationsQueryWithAMalformedSinceIsA400() {
        AuthHttp.Response response = http.get("/internal/v1/revocations?since=yesterday");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void publishesItsPublicKeysWithCacheControl() {
        AuthHttp.Response jwks = http.get("/.well-known/jwks.json");

        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("max-age=300"));
        JsonNode key = jwks.json().get("keys").get(0);
        assertThat(key.get("kty").asString()).isEqualTo("RSA");
        assertThat(key.get("alg").asString()).isEqualTo("RS256");
        assertThat(key.has("d")).as("no private part").isFalse();
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
