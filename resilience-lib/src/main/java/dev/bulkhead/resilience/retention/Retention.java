package dev.bulkhead.resilience.retention;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Rows of one table that may be deleted once their timestamp column is older than {@code keep}.
 * Declare one as a bean and the retention sweep deletes them in batches, on every instance (each batch
 * skips rows another instance is deleting). What {@code keep} must outlast is the declaring feature's
 * business: a processed-event claim must outlive any redelivery of its event, an idempotency key any
 * retry of its request.
 *
 * @param table the table, a plain SQL identifier
 * @param timestampColumn a {@code timestamptz} column of it, a plain SQL identifier
 * @param keep how long a row is kept after that timestamp
 */
public record Retention(String table, String timestampColumn, Duration keep) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    /** The names end up in SQL: only plain identifiers, never anything a caller could inject. */
    public Retention {
        Objects.requireNonNull(keep, "keep");
        if (!IDENTIFIER.matcher(String.valueOf(table)).matches()
                || !IDENTIFIER.matcher(String.valueOf(timestampColumn)).matches()) {
            throw new IllegalArgumentException(
                    "table and column must be plain lower-case SQL identifiers: " + table + "." + timestampColumn);
        }
        if (keep.isNegative()) {
            throw new IllegalArgumentException("keep must not be negative: " + keep);
        }
    }
}
