package dev.bulkhead.auth.refresh;

import java.util.UUID;

/**
 * A refresh token handed to the client, and whose it is.
 *
 * @param accountId the account the session belongs to
 * @param token the opaque token (only ever returned once, stored as its SHA-256)
 */
public record Rotation(UUID accountId, String token) {

    @Override
    public String toString() {
        return "Rotation[accountId=" + accountId + "]";
    }
}
