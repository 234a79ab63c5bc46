/**
 * Real Postgres, Kafka and Redis for any Bulkhead test: {@link dev.bulkhead.testsupport.RealInfrastructure}
 * on a {@code @SpringBootTest}, {@link dev.bulkhead.testsupport.Infrastructure} elsewhere.
 *
 * <p>Isolation: every context gets a fresh Postgres database {@code bk_<runId>_<n>}; every run its own
 * Kafka broker; and, on a shared Redis, a database index leased atomically by this run (never 0, only
 * if empty or left by a crashed Bulkhead run, flushed and released at exit) — a key prefix cannot be
 * enforced on the application, and flushing a shared server is not ours to do.
 */
package dev.bulkhead.testsupport;
