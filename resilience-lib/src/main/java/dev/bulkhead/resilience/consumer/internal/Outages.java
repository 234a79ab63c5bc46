package dev.bulkhead.resilience.consumer.internal;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a failure of the infrastructure a listener needs (its database unreachable, restarting or
 * refusing connections) from a failure of the record itself. The first is retried until it passes:
 * every later record of the partition would fail the same way, and a good event in the dead-letter
 * topic is an effect lost until someone replays it. Matched by class name along the cause chain and
 * the class hierarchy, so resilience-lib needs none of spring-jdbc, spring-tx or a driver to load it.
 */
public final class Outages {

    /** Spring's translations of "cannot reach the database" (spring-dao, spring-tx). */
    private static final Set<String> OUTAGE_TYPES = Set.of(
            "org.springframework.dao.TransientDataAccessException",
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.transaction.CannotCreateTransactionException");

    private Outages() {}

    /** Whether {@code failure}, or any of its causes, says the database or a server was unreachable. */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (OUTAGE_TYPES.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin shutdown, crash shutdown, cannot
     * connect now): what Postgres answers while it stops, restarts or recovers.
     */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.matches("57P0[123]"));
    }
}
