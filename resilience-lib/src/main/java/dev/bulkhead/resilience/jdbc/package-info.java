/** JDBC integration: each service owns a Postgres database, created on first start if missing. */
package dev.bulkhead.resilience.jdbc;
