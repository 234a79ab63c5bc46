/** What the applications need: a KRaft Kafka broker, Postgres (local or embedded), Redis, the payment provider. */
package dev.bulkhead.devstack.infra;
