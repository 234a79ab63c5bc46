package dev.bulkhead.resilience.security;

/**
 * Which access tokens were revoked before they expired (logout, refresh-token reuse). Consulted for
 * every request after the signature and claims are checked. A small interface on purpose: the
 * resilience issue puts a two-tier (Caffeine + Redis) cache in front of the source of truth.
 */
@FunctionalInterface
public interface RevocationList {

    /** A list that never revokes anything (tests, tools). */
    RevocationList NONE = jti -> false;

    /**
     * Whether the token with this {@code jti} claim was revoked.
     *
     * @param jti the token's id, never null
     * @return true if the token must be refused
     */
    boolean isRevoked(String jti);
}
