/** Spring Boot wiring of token validation: a servlet resource server for services, a reactive one for the gateway. */
package dev.bulkhead.resilience.security.autoconfigure;
