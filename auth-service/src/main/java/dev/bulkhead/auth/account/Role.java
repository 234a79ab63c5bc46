package dev.bulkhead.auth.account;

/** What an account may do; carried in the access token's {@code roles} claim. */
public enum Role {
    USER,
    ADMIN
}
