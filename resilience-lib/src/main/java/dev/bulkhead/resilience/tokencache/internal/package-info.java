/** The token cache's Redis tier: every call bounded by a short timeout and its own circuit breaker. */
package dev.bulkhead.resilience.tokencache.internal;
