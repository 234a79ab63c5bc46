/**
 * Client-side load balancing: where each Bulkhead service answers ({@code bulkhead.services.<name>}, one
 * base URL or several), and the Spring Cloud LoadBalancer every caller (gateway routes, Feign clients,
 * the token checks' calls to auth-service) picks an instance from.
 */
package dev.bulkhead.resilience.discovery;
