/** Transactional outbox: events written in the caller's transaction, relayed to Kafka in order, at least once. */
package dev.bulkhead.resilience.outbox;
