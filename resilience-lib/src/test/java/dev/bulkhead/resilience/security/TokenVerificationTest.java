package dev.bulkhead.resilience.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.bulkhead.testsupport.time.MovableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class TokenVerificationTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final MovableClock clock = new MovableClock(NOW);
    private final Set<String> revoked = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final AtomicInteger jwksHits = new AtomicInteger();
    private RSAKey key;
    private HttpServer auth;

    @BeforeEach
    void standInAuth() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("key-1").generate();
        auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/.well-known/jwks.json", exchange -> {
            jwksHits.incrementAndGet();
            byte[] body = new JWKSet(key).toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        auth.start();
    }

    @AfterEach
    void stop() {
        auth.stop(0);
    }

    @Test
    void acceptsAWellFormedTokenAndMapsItsRolesToAuthorities() {
        Jwt jwt = decoder().decode(token(claims -> claims.claim("roles", List.of("USER", "ADMIN"))));

        var authentication = TokenVerification.authenticationConverter().convert(jwt);
        assertThat(authentication.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .contains("ROLE_USER", "ROLE_ADMIN")
                .noneMatch(authority -> authority.startsWith("SCOPE_"));
        assertThat(authentication.getName()).isEqualTo(jwt.getSubject());
    }

    @Test
    void fetchesNoKeysUntilTheFirstTokenArrives() {
        JwtDecoder decoder = decoder();
        assertThat(jwksHits).hasValue(0);

        decoder.decode(token(claims -> {}));
        decoder.decode(token(claims -> {}));

        assertThat(jwksHits).as("keys cached after the first fetch").hasValue(1);
    }

    @Test
    void acceptsATokenThatExpiredWithinTheClockSkewAndRefusesOneBeyondIt() {
        String token = token(claims -> claims.expirationTime(Date.from(NOW.plusSeconds(60))));
        JwtDecoder decoder = decoder();

        clock.advance(Duration.ofSeconds(60).plus(SKEW).minusSeconds(1));
        assertThat(decoder.decode(token)).isNotNull();

        clock.advance(Duration.ofSeconds(2));
        assertRefused(decoder, token);
    }

    @Test
    void refusesTokensWhoseClaimsAreMissingOrWrong() {
        JwtDecoder decoder = decoder();
        assertRefused(decoder, token(claims -> claims.expirationTime(null)));
        assertRefused(decoder, token(claims -> claims.issueTime(null)));
        assertRefused(decoder, token(claims -> claims.issueTime(Date.from(NOW.plusSeconds(120)))));
        assertRefused(decoder, token(claims -> claims.notBeforeTime(Date.from(NOW.plusSeconds(120)))));
        assertRefused(decoder, token(claims -> claims.expirationTime(Date.from(NOW.plus(Duration.ofHours(2))))));
        assertRefused(decoder, token(claims -> claims.subject(null)));
        assertRefused(decoder, token(claims -> claims.jwtID(null)));
        assertRefused(decoder, token(claims -> claims.issuer("someone-else")));
        assertRefused(decoder, token(claims -> claims.audience("someone-else")));
    }

    @Test
    void refusesARevokedToken() {
        String token = token(claims -> claims.jwtID("revoked-jti"));
        JwtDecoder decoder = decoder();
        assertThat(decoder.decode(token)).isNotNull();

        revoked.add("revoked-jti");

        assertRefused(decoder, token);
    }

    @Test
    void refusesTheAlgorithmsItDoesNotPin() throws Exception {
        JwtDecoder decoder = decoder();
        SignedJWT hmac = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(), claims(c -> {}));
        hmac.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
        assertRefused(decoder, hmac.serialize());

        String none = java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(claims(c -> {}).toString().getBytes(StandardCharsets.UTF_8))
                + ".";
        assertRefused(decoder, none);
    }

    @Test
    void treatsUnknownKeyIdsAsInvalidTokensEvenOnceTheRefreshLimitIsReached() throws Exception {
        JwtDecoder decoder = decoder();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        for (int i = 0; i < 10; i++) {
            assertRefused(decoder, sign(stranger, claims(c -> {})));
        }
        assertThat(jwksHits.get()).as("fetches for 10 unknown key ids").isLessThanOrEqualTo(2);
    }

    @Test
    void reportsUnreachableKeysAsAnOutageNotAsABadToken() {
        auth.stop(0);
        JwtDecoder decoder = decoder();

        assertThatThrownBy(() -> decoder.decode(token(claims -> {})))
                .isInstanceOf(JwtException.class)
                .isNotInstanceOf(BadJwtException.class);
    }

    private void assertRefused(JwtDecoder decoder, String token) {
        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOfAny(BadJwtException.class, JwtValidationException.class);
    }

    private JwtDecoder decoder() {
        BulkheadSecurityProperties.Jwt settings = new BulkheadSecurityProperties.Jwt(
                BulkheadSecurityProperties.DEFAULT_ISSUER,
                BulkheadSecurityProperties.DEFAULT_AUDIENCE,
                "RS256",
                URI.create("http://127.0.0.1:" + auth.getAddress().getPort() + "/.well-known/jwks.json"),
                SKEW,
                Duration.ofMinutes(15),
                Duration.ofMinutes(5),
                Duration.ofMinutes(2),
                Duration.ZERO);
        OAuth2TokenValidator<Jwt> validator = TokenVerification.validator(settings, clock, revoked::contains);
        return TokenVerification.decoder(
                TokenVerification.processor(settings, Duration.ofSeconds(1), Duration.ofSeconds(2)), validator);
    }

    private String token(Consumer<JWTClaimsSet.Builder> change) {
        return sign(key, claims(change));
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(BulkheadSecurityProperties.DEFAULT_ISSUER)
                .audience(BulkheadSecurityProperties.DEFAULT_AUDIENCE)
                .subject(UUID.randomUUID().toString())
                .claim("roles", List.of("USER"))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(15))));
        change.accept(claims);
        return claims.build();
    }

    private static String sign(RSAKey signer, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(signer.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
