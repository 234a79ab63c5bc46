/** Spring Boot wiring of the token cache in front of the token verification of {@code security/}. */
package dev.bulkhead.resilience.tokencache.autoconfigure;
