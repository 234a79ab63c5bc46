/** Spring Boot wiring of the retention sweep, for every service with a database. */
package dev.bulkhead.resilience.retention.autoconfigure;
