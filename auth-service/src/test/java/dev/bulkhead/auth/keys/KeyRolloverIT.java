package dev.bulkhead.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulkhead.auth.AuthHttp;
import dev.bulkhead.testsupport.RealInfrastructure;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** During a rollover the JWKS lists the new and the old key, and tokens the old key signed still verify. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeyRolloverIT {

    static final KeyPair NEW = SigningKeys.generateKeyPair();
    static final KeyPair OLD = SigningKeys.generateKeyPair();

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry properties) {
        properties.add("bulkhead.auth.keys[0].kid", () -> "key-2026-11");
        properties.add("bulkhead.auth.keys[0].private-key", () -> SigningKeys.pem(NEW.getPrivate()));
        properties.add("bulkhead.auth.keys[1].kid", () -> "key-2026-10");
        properties.add("bulkhead.auth.keys[1].private-key", () -> SigningKeys.pem(OLD.getPrivate()));
        properties.add("bulkhead.auth.generate-key-if-missing", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    JwtDecoder decoder;

    @Test
    void publishesBothKeysAndSignsWithTheFirst() throws Exception {
        AuthHttp http = new AuthHttp(port);
        var kids = http.get("/.well-known/jwks.json").json().get("keys").findValuesAsString("kid");
        assertThat(kids).containsExactly("key-2026-11", "key-2026-10");

        String email = "rollover-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        http.register(email, "correct horse battery", "Roll Over");
        String access = http.login(email, "correct horse battery")
                .json()
                .get("access_token")
                .asString();
        assertThat(SignedJWT.parse(access).getHeader().getKeyID()).isEqualTo("key-2026-11");
    }

    @Test
    void aTokenSignedWithTheOldKeyStillVerifies() throws Exception {
        AuthHttp http = new AuthHttp(port);
        String email = "old-key-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String userId = http.register(email, "correct horse battery", "Old Key")
                .json()
                .get("id")
                .asString();
        String refresh = http.login(email, "correct horse battery")
                .json()
                .get("refresh_token")
                .asString();
        String signedWithOld = token("key-2026-10", OLD, userId, email);

        assertThat(decoder.decode(signedWithOld).getSubject()).isEqualTo(userId);
        assertThat(http.logout(refresh, signedWithOld).status()).isEqualTo(204);
    }

    @Test
    void aTokenSignedWithAnUnpublishedKeyIsRefused() throws Exception {
        AuthHttp http = new AuthHttp(port);
        String forged = token(
                "key-2026-10", SigningKeys.generateKeyPair(), UUID.randomUUID().toString(), "x@example.com");

        assertThat(http.logout("whatever", forged).status()).isEqualTo(401);
    }

    private static String token(String kid, KeyPair key, String subject, String email) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                new JWTClaimsSet.Builder()
                        .issuer("bulkhead-auth")
                        .audience("bulkhead")
                        .subject(subject)
                        .claim("roles", List.of("USER"))
                        .claim("email", email)
                        .jwtID(UUID.randomUUID().toString())
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(300)))
                        .build());
        jwt.sign(new RSASSASigner(key.getPrivate()));
        return jwt.serialize();
    }
}
