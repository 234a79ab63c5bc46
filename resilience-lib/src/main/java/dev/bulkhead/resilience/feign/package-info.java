/**
 * Every Feign client of a service, protected by name: a bulkhead, a circuit breaker and safe retries
 * around each call, timeouts logged and counted. What a caller sees of it is {@link
 * dev.bulkhead.resilience.feign.DownstreamUnavailable}.
 */
package dev.bulkhead.resilience.feign;
