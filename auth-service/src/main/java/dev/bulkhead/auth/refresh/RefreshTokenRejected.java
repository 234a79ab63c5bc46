package dev.bulkhead.auth.refresh;

/** A refresh token that is unknown, expired, revoked or reused: the client has to log in again. */
public class RefreshTokenRejected extends RuntimeException {

    public RefreshTokenRejected(String reason) {
        super("The refresh token is not valid: " + reason);
    }
}
