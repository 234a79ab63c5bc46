/** Spring Boot wiring: what a service gets by adding resilience-lib to its dependencies. */
package dev.bulkhead.resilience.autoconfigure;
