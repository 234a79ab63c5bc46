package dev.bulkhead.resilience.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

class SaturationProblemsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Saturated())
            .setControllerAdvice(new SaturationProblems(meters))
            .build();

    @Test
    void answersAnExhaustedConnectionPoolWith503AndRetryAfterInsteadOf500() throws Exception {
        mvc.perform(get("/no-connection"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/service-saturated"))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("HikariPool"))));
        mvc.perform(get("/no-transaction")).andExpect(status().isServiceUnavailable());

        assertThat(meters.get("bulkhead.requests.shed")
                        .tag("cause", "database-pool")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void answersADatabaseThatWentAwayMidRequestWith503AndRetryAfterInsteadOf500() throws Exception {
        mvc.perform(get("/connection-broken"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/service-saturated"))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("backend"))));
        mvc.perform(get("/rollback-failed"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/service-saturated"));

        assertThat(meters.get("bulkhead.requests.shed")
                        .tag("cause", "database-unavailable")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void answersAStatementThatOutranTheQueryTimeoutWith503AndCountsItAsADatabaseTimeout() throws Exception {
        MockMvc timed = MockMvcBuilders.standaloneSetup(new Saturated())
                .setControllerAdvice(new SaturationProblems(meters, java.time.Duration.ofSeconds(3)))
                .build();

        timed.perform(get("/slow-query"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/service-saturated"))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("canceling"))));

        assertThat(meters.get("bulkhead.downstream.timeouts")
                        .tag("downstream", "database")
                        .tag("operation", "query")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @RestController
    static class Saturated {
        @GetMapping("/slow-query")
        String slowQuery() {
            throw new org.springframework.dao.QueryTimeoutException(
                    "PreparedStatementCallback; SQL [SELECT pg_sleep(5)]; ERROR: canceling statement due to"
                            + " statement timeout");
        }

        @GetMapping("/connection-broken")
        String connectionBroken() {
            // What JdbcTemplate throws when Postgres is stopped under an open connection (seen in ChaosIT).
            throw new org.springframework.dao.DataAccessResourceFailureException(
                    "PreparedStatementCallback; SQL [SELECT request_hash, order_id FROM idempotency_key WHERE"
                            + " user_id = ? AND idempotency_key = ?]; An I/O error occurred while sending to the backend.",
                    new java.io.EOFException());
        }

        @GetMapping("/rollback-failed")
        String rollbackFailed() {
            // What a transaction template throws when Postgres crashed under it and the rollback then
            // failed on the closed connection (seen in ChaosIT: a 500 before this was handled).
            throw new org.springframework.transaction.TransactionSystemException(
                    "JDBC rollback failed", new java.sql.SQLException("Connection is closed"));
        }

        @GetMapping("/no-connection")
        String noConnection() {
            throw new CannotGetJdbcConnectionException(
                    "Failed to obtain JDBC Connection",
                    new SQLTransientConnectionException("HikariPool-1 - Connection is not available"));
        }

        @GetMapping("/no-transaction")
        String noTransaction() {
            throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction");
        }
    }
}
