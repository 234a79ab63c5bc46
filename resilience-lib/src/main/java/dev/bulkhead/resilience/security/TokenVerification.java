package dev.bulkhead.resilience.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;
import dev.bulkhead.resilience.discovery.ServiceCalls;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one definition of a valid Bulkhead access token, used by the servlet services and the reactive
 * gateway alike: signature with the pinned algorithm by a key from the JWKS (cached, refetched on an
 * unknown {@code kid} at a bounded rate), then {@code iss}, {@code aud}, {@code exp} (required),
 * {@code nbf}, {@code iat} (required, not in the future, not older than the longest lifetime),
 * {@code sub} and {@code jti} present, and {@code jti} not revoked. Time comes from the injected clock.
 */
public final class TokenVerification {

    /** Claim holding {@code USER}/{@code ADMIN}; each becomes a {@code ROLE_} authority. */
    public static final String ROLES_CLAIM = "roles";

    /** A JWKS of a few keys is a few kilobytes; anything near this is not a key set. */
    private static final int JWKS_SIZE_LIMIT = 64 * 1024;

    private static final OAuth2Error INVALID =
            new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The access token is invalid, expired or revoked", null);

    private TokenVerification() {}

    /**
     * Claim checks, in order; every failure is an {@code invalid_token}.
     *
     * @param jwt the settings
     * @param clock the time the checks use
     * @param revocations the denylist
     * @return the validator
     */
    public static OAuth2TokenValidator<Jwt> validator(
            BulkheadSecurityProperties.Jwt jwt, Clock clock, RevocationList revocations) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(jwt.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false); // Spring's default accepts a token that never expires
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
        checks.add(timestamps);
        checks.add(issuedInThePast(clock, jwt.clockSkew()));
        checks.add(lifetimeAtMost(jwt.maxTokenLifetime()));
        checks.add(new JwtIssuerValidator(jwt.issuer()));
        checks.add(new JwtAudienceValidator(jwt.audience()));
        checks.add(new JwtClaimValidator<>(JwtClaimNames.SUB, Objects::nonNull));
        checks.add(new JwtClaimValidator<>(JwtClaimNames.JTI, Objects::nonNull));
        checks.add(notRevoked(revocations));
        return new DelegatingOAuth2TokenValidator<>(checks);
    }

    /**
     * Signature check with the pinned algorithm against the JWKS at {@code jwt.jwks-uri}, which must
     * be set. Nothing is fetched until the first token arrives, so an application starts while
     * auth-service is down.
     *
     * @param jwt the settings
     * @param connectTimeout for the JWKS fetch
     * @param readTimeout for the JWKS fetch
     * @return a processor that returns the claims of a correctly signed token
     */
    public static JWTProcessor<SecurityContext> processor(
            BulkheadSecurityProperties.Jwt jwt, Duration connectTimeout, Duration readTimeout) {
        return processor(jwt, connectTimeout, readTimeout, null);
    }

    /**
     * As {@link #processor(BulkheadSecurityProperties.Jwt, Duration, Duration)}; without a
     * {@code jwt.jwks-uri}, the key set is fetched from auth-service's instances
     * ({@code bulkhead.services.auth}) through {@code calls}: a refused connection moves the fetch to
     * the next instance.
     *
     * @param jwt the settings
     * @param connectTimeout for the JWKS fetch
     * @param readTimeout for the JWKS fetch
     * @param calls the load-balanced calls to auth-service; needed when {@code jwt.jwks-uri} is unset
     * @return a processor that returns the claims of a correctly signed token
     */
    public static JWTProcessor<SecurityContext> processor(
            BulkheadSecurityProperties.Jwt jwt, Duration connectTimeout, Duration readTimeout, ServiceCalls calls) {
        DefaultResourceRetriever direct = new DefaultResourceRetriever(
                Math.toIntExact(connectTimeout.toMillis()), Math.toIntExact(readTimeout.toMillis()), JWKS_SIZE_LIMIT);
        URL jwksUrl;
        ResourceRetriever retriever;
        try {
            if (jwt.jwksUri() != null) {
                jwksUrl = jwt.jwksUri().toURL();
                retriever = direct;
            } else {
                if (calls == null) {
                    throw new IllegalStateException("bulkhead.security.jwt.jwks-uri is unset and there is no load"
                            + " balancer to find auth-service (bulkhead.services.auth) with");
                }
                // Names the key set in Nimbus's messages; each fetch goes to the instance chosen then.
                jwksUrl = URI.create("http://" + BulkheadSecurityProperties.AUTH_SERVICE
                                + BulkheadSecurityProperties.JWKS_PATH)
                        .toURL();
                retriever = url -> calls.call(
                        BulkheadSecurityProperties.AUTH_SERVICE,
                        base -> direct.retrieveResource(URI.create(base + BulkheadSecurityProperties.JWKS_PATH)
                                .toURL()));
            }
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bulkhead.security.jwt.jwks-uri is not a URL: " + jwt.jwksUri(), e);
        }
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl, retriever)
                .cache(
                        jwt.jwksCacheTtl().toMillis(),
                        connectTimeout.plus(readTimeout).toMillis())
                .refreshAheadCache(false)
                .rateLimited(jwt.jwksRefreshMinInterval().toMillis())
                .outageTolerant(jwt.jwksOutageTolerance().toMillis())
                .build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // typ is optional; if present it must say JWT (RFC 7519) or at+jwt (RFC 9068).
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        // Only the pinned algorithm selects a key: alg=none, HS256-with-the-public-key and any other
        // algorithm find none and fail.
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(jwt.jwsAlgorithm(), keys));
        // Claims are checked by validator(...) with the injected clock, not by Nimbus's own.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        return new UnknownKeyIsABadToken(processor);
    }

    /**
     * A servlet decoder: signature, then {@link #validator claims}.
     *
     * @param processor from {@link #processor}
     * @param validator from {@link #validator}
     * @return the decoder
     */
    public static JwtDecoder decoder(JWTProcessor<SecurityContext> processor, OAuth2TokenValidator<Jwt> validator) {
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(validator);
        return decoder;
    }

    /**
     * A processor that may hold a token's verified claims already, and can tell without blocking. At
     * the gateway every authenticated request used to move from its event loop to a bounded-elastic
     * thread and back for a lookup that nearly always hits the token cache's local tier.
     */
    @FunctionalInterface
    public interface ClaimsAtHand {

        /**
         * Never blocks, never verifies.
         *
         * @param token the parsed token
         * @return its claims, verified before and still valid, or null when the token must be verified
         */
        JWTClaimsSet claimsAtHand(JWT token);
    }

    /**
     * The reactive variant of {@link #decoder}. A key set fetch blocks, so verification runs on the
     * bounded-elastic scheduler, never on an event-loop thread; a token whose claims the processor
     * holds already ({@link ClaimsAtHand}, the token cache's local tier) is answered where it arrived,
     * without the two thread switches.
     *
     * @param processor from {@link #processor}
     * @param validator from {@link #validator}
     * @return the decoder
     */
    public static ReactiveJwtDecoder reactiveDecoder(
            JWTProcessor<SecurityContext> processor, OAuth2TokenValidator<Jwt> validator) {
        ClaimsAtHand atHand = processor instanceof ClaimsAtHand holding ? holding : token -> null;
        Converter<JWT, Mono<JWTClaimsSet>> verify = token -> {
            JWTClaimsSet held = atHand.claimsAtHand(token);
            if (held != null) {
                return Mono.just(held);
            }
            return Mono.fromCallable(() -> process(processor, token)).subscribeOn(Schedulers.boundedElastic());
        };
        NimbusReactiveJwtDecoder decoder = new NimbusReactiveJwtDecoder(verify);
        decoder.setJwtValidator(validator);
        return decoder;
    }

    /**
     * {@code roles: ["USER","ADMIN"]} becomes {@code ROLE_USER}, {@code ROLE_ADMIN}; the principal name
     * is {@code sub}.
     *
     * @return the converter
     */
    public static Converter<Jwt, AbstractAuthenticationToken> authenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    private static JWTClaimsSet process(JWTProcessor<SecurityContext> processor, JWT token) {
        try {
            return processor.process(token, null);
        } catch (BadJOSEException e) {
            throw new BadJwtException("The access token is invalid", e);
        } catch (JOSEException e) {
            // The keys could not be fetched: not the caller's fault, reported as such.
            throw new JwtException("The token signing keys are unavailable", e);
        }
    }

    /**
     * {@code iat} present and not in the future. (Spring's {@code JwtIssuedAtValidator} is made for
     * DPoP proofs: it also refuses an {@code iat} older than the skew, i.e. every access token after
     * 30 seconds.)
     */
    private static OAuth2TokenValidator<Jwt> issuedInThePast(Clock clock, Duration skew) {
        return token -> {
            Instant issued = token.getIssuedAt();
            if (issued == null || issued.isAfter(clock.instant().plus(skew))) {
                return OAuth2TokenValidatorResult.failure(INVALID);
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidator<Jwt> lifetimeAtMost(Duration max) {
        return token -> {
            Instant issued = token.getIssuedAt();
            Instant expires = token.getExpiresAt();
            if (issued != null
                    && expires != null
                    && Duration.between(issued, expires).compareTo(max) > 0) {
                return OAuth2TokenValidatorResult.failure(INVALID);
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidator<Jwt> notRevoked(RevocationList revocations) {
        return token -> {
            String jti = token.getId();
            return jti != null && revocations.isRevoked(jti)
                    ? OAuth2TokenValidatorResult.failure(INVALID)
                    : OAuth2TokenValidatorResult.success();
        };
    }

    /**
     * A {@code kid} that is not in the key set, asked for again before the rate limit allows another
     * fetch, is an invalid token (401), not an outage: without this, garbage key ids would turn into
     * server errors once the limit is reached.
     */
    private record UnknownKeyIsABadToken(JWTProcessor<SecurityContext> delegate)
            implements JWTProcessor<SecurityContext> {

        @Override
        public JWTClaimsSet process(String token, SecurityContext context)
                throws ParseException, BadJOSEException, JOSEException {
            try {
                return delegate.process(token, context);
            } catch (RateLimitReachedException e) {
                throw new BadJOSEException("No key with the token's key id", e);
            }
        }

        @Override
        public JWTClaimsSet process(JWT token, SecurityContext context) throws BadJOSEException, JOSEException {
            try {
                return delegate.process(token, context);
            } catch (RateLimitReachedException e) {
                throw new BadJOSEException("No key with the token's key id", e);
            }
        }

        @Override
        public JWTClaimsSet process(PlainJWT token, SecurityContext context) throws BadJOSEException, JOSEException {
            throw new BadJOSEException("Unsecured tokens are refused");
        }

        @Override
        public JWTClaimsSet process(SignedJWT token, SecurityContext context) throws BadJOSEException, JOSEException {
            try {
                return delegate.process(token, context);
            } catch (RateLimitReachedException e) {
                throw new BadJOSEException("No key with the token's key id", e);
            }
        }

        @Override
        public JWTClaimsSet process(EncryptedJWT token, SecurityContext context)
                throws BadJOSEException, JOSEException {
            throw new BadJOSEException("Encrypted tokens are refused");
        }
    }
}
