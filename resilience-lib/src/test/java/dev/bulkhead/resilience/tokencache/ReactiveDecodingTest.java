package dev.bulkhead.resilience.tokencache;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.bulkhead.resilience.security.TokenVerification;
import dev.bulkhead.testsupport.time.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The gateway's decoder over the token cache: a token the local tier holds is answered on the thread
 * it arrived on (an event loop), one it does not is verified on a thread that may block.
 */
class ReactiveDecodingTest {

    private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

    private final MovableClock clock = new MovableClock(NOW);
    private final List<String> verifiedOn = new CopyOnWriteArrayList<>();

    @Test
    void answersATokenTheLocalTierHoldsWhereItArrivedAndVerifiesANewOneOffThatThread() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("key-1").generate();
        String token = sign(key, NOW.plus(Duration.ofMinutes(5)));
        TokenCache cache = new TokenCache(TokenCacheProperties.defaults(), null, null, clock, null);
        ReactiveJwtDecoder decoder = TokenVerification.reactiveDecoder(
                cache.around(recording(key)), jwt -> OAuth2TokenValidatorResult.success());

        String firstOn = decoder.decode(token)
                .map(jwt -> Thread.currentThread().getName())
                .block();
        String secondOn = decoder.decode(token)
                .map(jwt -> Thread.currentThread().getName())
                .block();

        assertThat(verifiedOn).singleElement().asString().startsWith("boundedElastic");
        assertThat(firstOn).startsWith("boundedElastic");
        assertThat(secondOn).isEqualTo(Thread.currentThread().getName());

        clock.advance(Duration.ofMinutes(5));
        decoder.decode(token).onErrorComplete().block();
        assertThat(verifiedOn).as("at exp the local tier holds it no more").hasSize(2);
    }

    /** Verifies for real (the signature) and records the thread it ran on. */
    private DefaultJWTProcessor<SecurityContext> recording(RSAKey key) {
        var processor = new DefaultJWTProcessor<SecurityContext>() {
            @Override
            public JWTClaimsSet process(SignedJWT signed, SecurityContext context)
                    throws BadJOSEException, com.nimbusds.jose.JOSEException {
                verifiedOn.add(Thread.currentThread().getName());
                return super.process(signed, context);
            }
        };
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(key))));
        // The token's exp is in the cache's (test) time; whether it has passed is the cache's to judge here.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        return processor;
    }

    private static String sign(RSAKey key, Instant expiry) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder()
                        .subject("someone")
                        .jwtID("token-1")
                        .expirationTime(Date.from(expiry))
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
