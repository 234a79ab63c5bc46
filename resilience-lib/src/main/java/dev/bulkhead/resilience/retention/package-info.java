/** Rows a service may forget after a while (processed-event claims, idempotency keys...) and the sweep that deletes them. */
package dev.bulkhead.resilience.retention;
