package dev.bulkhead.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A signed access token and what the client is told about it. */
public record IssuedAccessToken(String value, UUID jti, Instant expiresAt, Duration lifetime) {}
