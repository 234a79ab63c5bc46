/**
 * Token validation every Bulkhead application shares: the gateway and each domain service check the
 * same signature, claims and denylist, configured under {@code bulkhead.security}.
 */
package dev.bulkhead.resilience.security;
