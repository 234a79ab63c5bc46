package dev.bulkhead.testsupport;

import java.util.function.Consumer;

/** Starts (or finds) one kind of server per call; each registers how to stop what it started. */
interface Provisioner {

    /**
     * Partitions of a topic the broker creates on first use: three, as in the dev stack, compose and
     * Kubernetes, so that tests see the consumer groups and per-key ordering production sees.
     */
    int TOPIC_PARTITIONS = 3;

    /** A Postgres server that test-support may create databases on. */
    record PostgresServer(String host, int port, String username, String password, String source, boolean shared) {

        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    PostgresServer postgres(Consumer<AutoCloseable> onExit);

    Infrastructure.Kafka kafka(Consumer<AutoCloseable> onExit);

    Infrastructure.Redis redis(Consumer<AutoCloseable> onExit);
}
