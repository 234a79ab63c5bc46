package dev.bulkhead.auth.refresh;

/** A token that was already rotated away came back: someone else has a copy, so its family is revoked. */
public class RefreshTokenReused extends RefreshTokenRejected {

    RefreshTokenReused() {
        super("it was already used; every token of this session is now revoked");
    }
}
