package dev.bulkhead.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.bulkhead.testsupport.RealInfrastructure;
import dev.bulkhead.testsupport.http.TestHttp;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Keys are cached: a token signed by a key published after the cache was filled triggers one JWKS
 * fetch and passes; tokens with made-up key ids cannot make the gateway hammer auth-service.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayKeyRotationIT {

    private static final StandInAuth tokens = StandInAuth.start();

    @LocalServerPort
    int port;

    private final HttpClient http = TestHttp.newClient();

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        registry.add("bulkhead.security.jwt.jwks-uri", tokens::jwksUri);
        registry.add("bulkhead.security.revocations.enabled", () -> "false");
        // Routes point at the stand-in auth-service; what answers does not matter, only who gets through.
        for (String service : new String[] {"auth", "user", "order", "payment", "inventory", "notification"}) {
            registry.add("bulkhead.services." + service, () -> tokens.jwksUri().replace("/.well-known/jwks.json", ""));
        }
    }

    @AfterAll
    static void stop() {
        tokens.close();
    }

    @Test
    void fetchesTheKeySetOnceForANewKeyAndNotForEveryUnknownKeyId() throws Exception {
        assertThat(statusFor(tokens.user())).isNotEqualTo(401);
        assertThat(statusFor(tokens.user())).isNotEqualTo(401);
        int afterFirstKey = tokens.jwksHits();
        assertThat(afterFirstKey).as("key set fetched once, then cached").isEqualTo(1);

        RSAKey rolledOver = tokens.publishNewKey("key-2");
        assertThat(statusFor(tokens.signedWith(rolledOver))).isNotEqualTo(401);
        assertThat(statusFor(tokens.signedWith(rolledOver))).isNotEqualTo(401);
        assertThat(tokens.jwksHits()).as("one refresh for the new kid").isEqualTo(afterFirstKey + 1);

        int beforeGarbage = tokens.jwksHits();
        for (int i = 0; i < 25; i++) {
            RSAKey stranger = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
                    .keyID("garbage-" + UUID.randomUUID())
                    .generate();
            assertThat(statusFor(tokens.signedWith(stranger))).isEqualTo(401);
        }
        assertThat(tokens.jwksHits() - beforeGarbage)
                .as("key set fetches caused by 25 unknown key ids (rate limited)")
                .isLessThanOrEqualTo(1);
        assertThat(statusFor(tokens.user())).as("known keys still work").isNotEqualTo(401);
    }

    private int statusFor(String token) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/users/me"))
                                .header("Authorization", "Bearer " + token)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
