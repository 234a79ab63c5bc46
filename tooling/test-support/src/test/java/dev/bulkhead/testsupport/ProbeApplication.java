package dev.bulkhead.testsupport;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest application shaped like a Bulkhead service: JDBC + Flyway, Kafka, Redis, web, actuator. */
@SpringBootApplication
class ProbeApplication {}
