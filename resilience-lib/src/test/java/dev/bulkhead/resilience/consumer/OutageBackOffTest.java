package dev.bulkhead.resilience.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOffExecution;

class OutageBackOffTest {

    private final ConsumerProperties properties = new ConsumerProperties(
            3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofDays(14), Duration.ofSeconds(5));

    @Test
    void retriesARecordForAsLongAsTheDatabaseIsUnreachableNeverDeadLetteringIt() {
        var postgresGone = new ListenerExecutionFailedException(
                "listener failed",
                new CannotCreateTransactionException(
                        "Could not open JDBC Connection for transaction",
                        new SQLException("Connection to localhost:5432 refused", "08001")));

        var execution =
                ConsumerAutoConfiguration.backOffFor(postgresGone, properties).start();

        long waited = 0;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            long next = execution.nextBackOff();
            assertThat(next).as("wait before attempt %d", attempt + 2).isNotEqualTo(BackOffExecution.STOP);
            assertThat(next).isLessThanOrEqualTo(5_000);
            waited += next;
        }
        assertThat(Duration.ofMillis(waited)).isGreaterThan(Duration.ofHours(1));
    }

    @Test
    void takesEveryWayTheDatabaseSaysItIsGoneForAnOutage() {
        for (var failure : new Throwable[] {
            new CannotGetJdbcConnectionException("no connection", new SQLException("refused", "08006")),
            new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01")),
            new RuntimeException(new SQLException("the database system is starting up", "57P03")),
            new java.sql.SQLTransientConnectionException("HikariPool-1 - Connection is not available"),
            new RuntimeException(new ConnectException("Connection refused"))
        }) {
            assertThat(ConsumerAutoConfiguration.backOffFor(failure, properties))
                    .as("back-off for %s", failure)
                    .isNotNull();
        }
    }

    @Test
    void leavesAFailureOfTheRecordItselfToTheBoundedRetriesAndTheDeadLetterTopic() {
        for (var failure : new Throwable[] {
            new ListenerExecutionFailedException("listener failed", new IllegalStateException("order in wrong state")),
            new DataIntegrityViolationException("duplicate key", new SQLException("duplicate key", "23505")),
            new MalformedEvent("no eventId")
        }) {
            assertThat(ConsumerAutoConfiguration.backOffFor(failure, properties))
                    .as("back-off for %s", failure)
                    .isNull();
        }
    }
}
