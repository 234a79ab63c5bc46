package dev.bulkhead.auth.token;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.auth.tokens.*}.
 *
 * @param issuer the {@code iss} claim; application.yml takes it from {@code bulkhead.security.jwt.issuer},
 *     the property the verifiers read, so one setting changes both sides
 * @param audience the {@code aud} claim
 * @param accessTokenLifetime {@code exp - iat}; at most 15 minutes, because revocation only has to
 *     outlive it
 * @param refreshTokenLifetime how long a refresh token stays usable after it was issued
 */
@ConfigurationProperties("bulkhead.auth.tokens")
@Validated
record TokenSettings(
        @NotBlank @DefaultValue("bulkhead-auth") String issuer,
        @NotBlank @DefaultValue("bulkhead") String audience,

        @NotNull @DurationMin(seconds = 30) @DurationMax(minutes = 15) @DefaultValue("10m")
        Duration accessTokenLifetime,

        @NotNull @DurationMin(minutes = 1) @DurationMax(days = 90) @DefaultValue("14d")
        Duration refreshTokenLifetime) {}
