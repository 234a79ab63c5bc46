/** Consuming events safely: each event's effect once (processed ids), bounded retries, then the dead-letter topic. */
package dev.bulkhead.resilience.consumer;
