/** Spring Boot wiring of {@code discovery/}: the targets, the ejections and each service's load balancer. */
package dev.bulkhead.resilience.discovery.autoconfigure;
