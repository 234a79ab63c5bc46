package dev.bulkhead.resilience.security;

import com.nimbusds.jose.JWSAlgorithm;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code bulkhead.security.*} settings: how the gateway and every service check access tokens,
 * and which paths are open or admin-only. Each default is a named constant with its reason. A value
 * that cannot work (an HMAC or {@code none} algorithm, a malformed path rule, a zero interval) stops
 * start-up instead of weakening the check.
 *
 * @param jwt how a token is verified
 * @param revocations where the denylist comes from and how often it is read
 * @param publicPaths requests that need no token ({@code [METHOD|...] /pattern}); actuator health,
 *     info and prometheus are always open
 * @param adminPaths requests that need the {@code ADMIN} role
 */
@ConfigurationProperties(BulkheadSecurityProperties.PREFIX)
@Validated
public record BulkheadSecurityProperties(
        @Valid @NotNull @DefaultValue Jwt jwt,
        @Valid @NotNull @DefaultValue Revocations revocations,

        @NotNull
        @DefaultValue({
            "POST /api/v1/auth/register",
            "POST /api/v1/auth/login",
            "POST /api/v1/auth/refresh",
            "GET /.well-known/jwks.json",
            "GET /api/v1/products/**",
            // API documentation: each service's OpenAPI document, the gateway's Swagger UI over all of them.
            "GET /v3/api-docs/**",
            "GET /api-docs/**",
            "GET /swagger-ui.html",
            "GET /swagger-ui/**",
            "GET /webjars/**"
        })
        List<String> publicPaths,

        @NotNull @DefaultValue(DEFAULT_ADMIN_PATHS) List<String> adminPaths) {

    /** Prefix of every security setting. */
    public static final String PREFIX = "bulkhead.security";

    /** The issuer auth-service writes into {@code iss}. */
    public static final String DEFAULT_ISSUER = "bulkhead-auth";

    /** The one audience of every Bulkhead access token. */
    public static final String DEFAULT_AUDIENCE = "bulkhead";

    /**
     * RSA with SHA-256: verified by every JOSE library and the JDK without extra providers. The one
     * place the algorithm is chosen; auth-service signs with whatever this says.
     */
    public static final String DEFAULT_ALGORITHM = "RS256";

    /**
     * The service (a name of {@code bulkhead.services}) whose instances publish the keys and the
     * denylist, when no explicit URI is set.
     */
    public static final String AUTH_SERVICE = "auth";

    /** Where auth-service publishes its public keys. */
    public static final String JWKS_PATH = "/.well-known/jwks.json";

    /** Where auth-service lists revoked tokens ({@code ?since=<instant>}). */
    public static final String REVOCATIONS_PATH = "/internal/v1/revocations";

    /** Hosts drift by seconds under NTP; more would lengthen every token's life by as much. */
    public static final String DEFAULT_CLOCK_SKEW = "30s";

    /** auth-service issues access tokens for at most 15 minutes; a longer-lived one is not ours. */
    public static final String DEFAULT_MAX_TOKEN_LIFETIME = "15m";

    /** Keys change rarely and a rollover publishes the new key before using it. */
    public static final String DEFAULT_JWKS_CACHE_TTL = "5m";

    /**
     * An unknown {@code kid} refetches the key set at most twice per interval, so tokens with garbage
     * key ids cannot turn every request into a call to auth-service.
     */
    public static final String DEFAULT_JWKS_REFRESH_MIN_INTERVAL = "30s";

    /** auth-service down: keep verifying with the last key set this long, then fail closed. */
    public static final String DEFAULT_JWKS_OUTAGE_TOLERANCE = "1h";

    /** A logout takes effect everywhere within this plus one request to auth-service. */
    public static final String DEFAULT_POLL_INTERVAL = "2s";

    /**
     * How old the denylist may get while auth-service cannot be read before it no longer counts as
     * current: a few minutes rides out a restart or a deploy of auth-service, and is short against
     * the 15-minute token lifetime. Past it, a WARN is logged (fail-open) or every token is refused
     * ({@code fail-closed=true}).
     */
    public static final String DEFAULT_MAX_STALENESS = "5m";

    /** Product and stock writes are for administrators; reading the catalogue is open to anyone. */
    public static final String DEFAULT_ADMIN_PATHS = "POST|PUT|PATCH|DELETE /api/v1/products/**";

    public BulkheadSecurityProperties {
        publicPaths = List.copyOf(publicPaths);
        adminPaths = List.copyOf(adminPaths);
        publicPaths.forEach(AccessRule::parse);
        adminPaths.forEach(AccessRule::parse);
    }

    /** @return {@link #publicPaths()} parsed */
    public List<AccessRule> publicRules() {
        return publicPaths.stream().map(AccessRule::parse).toList();
    }

    /** @return {@link #adminPaths()} parsed */
    public List<AccessRule> adminRules() {
        return adminPaths.stream().map(AccessRule::parse).toList();
    }

    /**
     * How an access token is verified.
     *
     * @param issuer the required {@code iss}
     * @param audience the required member of {@code aud}
     * @param algorithm the only accepted JWS algorithm; asymmetric only
     * @param jwksUri where the public keys are published, for a verifier pointed at one fixed address (a
     *     test's stand-in); unset (the default), they are read from auth-service's instances in
     *     {@code bulkhead.services.auth} through the load balancer. Fetched on first use, not at start
     * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}
     * @param maxTokenLifetime the longest {@code exp - iat} accepted
     * @param jwksCacheTtl how long a fetched key set is used before it is fetched again
     * @param jwksRefreshMinInterval rate limit of key set fetches caused by unknown {@code kid}s
     * @param jwksOutageTolerance how long the last key set is used while the JWKS endpoint fails
     */
    public record Jwt(
            @NotBlank @DefaultValue(DEFAULT_ISSUER) String issuer,
            @NotBlank @DefaultValue(DEFAULT_AUDIENCE) String audience,
            @NotBlank @DefaultValue(DEFAULT_ALGORITHM) String algorithm,
            URI jwksUri,
            @NotNull @DefaultValue(DEFAULT_CLOCK_SKEW) Duration clockSkew,

            @NotNull @DefaultValue(DEFAULT_MAX_TOKEN_LIFETIME)
            Duration maxTokenLifetime,

            @NotNull @DefaultValue(DEFAULT_JWKS_CACHE_TTL) Duration jwksCacheTtl,

            @NotNull @DefaultValue(DEFAULT_JWKS_REFRESH_MIN_INTERVAL)
            Duration jwksRefreshMinInterval,

            @NotNull @DefaultValue(DEFAULT_JWKS_OUTAGE_TOLERANCE)
            Duration jwksOutageTolerance) {

        public Jwt {
            if (algorithm != null) {
                JWSAlgorithm parsed = JWSAlgorithm.parse(algorithm);
                if (!JWSAlgorithm.Family.SIGNATURE.contains(parsed)) {
                    throw new IllegalArgumentException(PREFIX + ".jwt.algorithm must be an asymmetric JWS algorithm"
                            + " (RS*, PS*, ES*, EdDSA/Ed25519), was " + algorithm);
                }
            }
            requireNotNegative(clockSkew, "jwt.clock-skew");
            requirePositive(maxTokenLifetime, "jwt.max-token-lifetime");
            requirePositive(jwksCacheTtl, "jwt.jwks-cache-ttl");
            requirePositive(jwksRefreshMinInterval, "jwt.jwks-refresh-min-interval");
            requireNotNegative(jwksOutageTolerance, "jwt.jwks-outage-tolerance");
            if (jwksRefreshMinInterval != null
                    && jwksCacheTtl != null
                    && jwksRefreshMinInterval.compareTo(jwksCacheTtl) >= 0) {
                throw new IllegalArgumentException(PREFIX + ".jwt.jwks-refresh-min-interval (" + jwksRefreshMinInterval
                        + ") must be shorter than jwks-cache-ttl (" + jwksCacheTtl + ")");
            }
        }

        /** @return the pinned algorithm */
        public JWSAlgorithm jwsAlgorithm() {
            return JWSAlgorithm.parse(algorithm);
        }
    }

    /**
     * The denylist, read from auth-service.
     *
     * @param enabled whether revoked tokens are looked up at all
     * @param uri a fixed revocations endpoint ({@code ?since=<instant>} is appended), for a test's
     *     stand-in; unset (the default), {@value #REVOCATIONS_PATH} of auth-service's instances in
     *     {@code bulkhead.services.auth}, through the load balancer
     * @param pollInterval the pause between two reads; revocation is visible within this plus one
     *     request
     * @param maxStaleness how long since the last successful read the list still counts as current
     * @param failClosed past {@code maxStaleness}, refuse every token instead of logging a WARN
     */
    public record Revocations(
            @DefaultValue("true") boolean enabled,
            URI uri,
            @NotNull @DefaultValue(DEFAULT_POLL_INTERVAL) Duration pollInterval,
            @NotNull @DefaultValue(DEFAULT_MAX_STALENESS) Duration maxStaleness,
            @DefaultValue("false") boolean failClosed) {

        public Revocations {
            requirePositive(pollInterval, "revocations.poll-interval");
            requirePositive(maxStaleness, "revocations.max-staleness");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be positive, was " + value);
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        if (value != null && value.isNegative()) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must not be negative, was " + value);
        }
    }
}
