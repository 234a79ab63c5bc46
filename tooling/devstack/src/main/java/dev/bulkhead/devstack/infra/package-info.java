/** The infrastructure the applications need: a KRaft Kafka broker, Postgres (local or embedded) and Redis. */
package dev.bulkhead.devstack.infra;
