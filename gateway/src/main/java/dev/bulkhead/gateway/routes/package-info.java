/** Every route's resilience: connect and response timeouts, a circuit breaker and bulkhead with a problem-document fallback, and retries of GET and HEAD only. */
package dev.bulkhead.gateway.routes;
