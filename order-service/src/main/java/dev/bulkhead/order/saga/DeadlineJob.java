package dev.bulkhead.order.saga;

import dev.bulkhead.order.order.CancellationReason;
import dev.bulkhead.order.order.ChangingOrders;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancels PENDING orders past their deadline with TIMEOUT, leaving OrderCancelled, so inventory
 * releases and payment refunds whatever the stuck saga had done.
 *
 * <p>Safe with many instances: each batch is locked {@code FOR UPDATE SKIP LOCKED}, so two sweeps
 * never take the same order and a sweep never waits for a saga reaction holding one (that order is
 * looked at again next time, when it may well be CONFIRMED). Batches are bounded and each is its own
 * transaction, so a backlog is worked off in short transactions, one after the other.
 */
@Component
class DeadlineJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DeadlineJob.class);

    private final ChangingOrders orders;
    private final TransactionTemplate transactions;
    private final SagaSettings settings;
    private final Clock clock;

    DeadlineJob(ChangingOrders orders, TransactionTemplate transactions, SagaSettings settings, Clock clock) {
        this.orders = orders;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweep, settings.sweepInterval());
    }

    /** Cancels every overdue order, batch by batch; returns how many. */
    int sweep() {
        int total = 0;
        try {
            int cancelled;
            do {
                cancelled = cancelOneBatch();
                total += cancelled;
            } while (cancelled == settings.sweepBatchSize());
        } catch (RuntimeException e) {
            // The next sweep tries again; a failing database must not kill the schedule.
            log.warn("Deadline sweep failed, will retry in {}: {}", settings.sweepInterval(), e.toString());
        }
        return total;
    }

    private int cancelOneBatch() {
        Integer cancelled = transactions.execute(status -> {
            Instant now = clock.instant();
            List<UUID> overdue = orders.lockOverdue(now, settings.sweepBatchSize());
            for (UUID orderId : overdue) {
                orders.change(orderId, order -> order.cancel(CancellationReason.TIMEOUT, now));
            }
            if (!overdue.isEmpty()) {
                log.info("Cancelled {} orders past their saga deadline (TIMEOUT)", overdue.size());
            }
            return overdue.size();
        });
        return cancelled == null ? 0 : cancelled;
    }
}
