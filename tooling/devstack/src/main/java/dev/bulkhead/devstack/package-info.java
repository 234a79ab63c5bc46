/** The dev stack's launcher: Kafka, Postgres, Redis and the seven applications on one machine, no Docker. */
package dev.bulkhead.devstack;
