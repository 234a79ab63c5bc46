/** Consuming events safely: typed dispatch to records, each event's effect once (processed ids), bounded retries, then the dead-letter topic. */
package dev.bulkhead.resilience.consumer;
