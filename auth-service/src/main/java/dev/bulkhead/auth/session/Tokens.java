package dev.bulkhead.auth.session;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The token response of login and refresh: OAuth 2 field names, which clients rely on (docs/api.md). */
record Tokens(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {}
