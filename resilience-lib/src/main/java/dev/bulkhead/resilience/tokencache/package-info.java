/**
 * The token cache: validated tokens and the revocation denylist in a bounded in-process tier in
 * front of a shared Redis tier, so that neither a slow auth-service nor a dead Redis logs anyone out.
 * Public API here ({@link dev.bulkhead.resilience.tokencache.TokenCache},
 * {@link dev.bulkhead.resilience.tokencache.TokenRevocations},
 * {@link dev.bulkhead.resilience.tokencache.RevocationFanout}); Redis plumbing in {@code internal/};
 * Spring Boot wiring in {@code autoconfigure/}.
 */
package dev.bulkhead.resilience.tokencache;
