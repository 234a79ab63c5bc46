package dev.bulkhead.resilience.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes, every {@link RetentionSettings#interval()}, the rows each {@link Retention} lets go, a batch
 * per statement. Safe on any number of instances at once: a batch locks its rows with
 * {@code SKIP LOCKED}, so two sweeps share the work instead of waiting on each other, and a row deleted
 * twice is simply not found the second time. A failed sweep is logged and tried again next interval.
 */
public final class RetentionSweep implements SmartLifecycle {

    /** Rows deleted, per table. */
    public static final String DELETED = "bulkhead.retention.deleted";

    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

    private final JdbcTemplate jdbc;
    private final List<Retention> retentions;
    private final RetentionSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private ScheduledExecutorService executor;

    public RetentionSweep(
            JdbcTemplate jdbc,
            List<Retention> retentions,
            RetentionSettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.retentions = List.copyOf(retentions);
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.retentions.forEach(this::deleted); // the series exist at zero before the first sweep
    }

    /** One sweep of every retention now; returns the rows deleted. */
    public long sweep() {
        long total = 0;
        for (Retention retention : retentions) {
            try {
                total += sweep(retention);
            } catch (RuntimeException e) {
                log.warn("Retention sweep of {} failed; tried again in {}", retention.table(), settings.interval(), e);
            }
        }
        return total;
    }

    private long sweep(Retention retention) {
        String sql = "DELETE FROM " + retention.table() + " WHERE ctid = ANY (ARRAY (SELECT ctid FROM "
                + retention.table() + " WHERE " + retention.timestampColumn() + " < ? LIMIT ? FOR UPDATE SKIP LOCKED))";
        Timestamp before = Timestamp.from(clock.instant().minus(retention.keep()));
        long deleted = 0;
        int batch;
        do {
            batch = jdbc.update(sql, before, settings.batchSize());
            deleted += batch;
        } while (batch == settings.batchSize());
        if (deleted > 0) {
            deleted(retention).increment(deleted);
            log.info("Retention: deleted {} rows of {} older than {}", deleted, retention.table(), retention.keep());
        }
        return deleted;
    }

    private Counter deleted(Retention retention) {
        return Counter.builder(DELETED)
                .description("Rows deleted by the retention sweep")
                .tag("table", retention.table())
                .register(meters);
    }

    @Override
    public void start() {
        if (retentions.isEmpty()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("bulkhead-retention").factory());
        long every = settings.interval().toMillis();
        executor.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
