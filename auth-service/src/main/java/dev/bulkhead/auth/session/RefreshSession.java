package dev.bulkhead.auth.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Refresh and logout command: {@code {"refresh_token": "..."}}. */
record RefreshSession(
        @JsonProperty("refresh_token") @NotBlank @Size(max = 100)
        String refreshToken) {

    @Override
    public String toString() {
        return "RefreshSession[]";
    }
}
