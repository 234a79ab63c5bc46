package dev.bulkhead.order.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What an operator watches of the saga: how orders end and why, how long that takes, and orders that
 * should have ended and have not. Tags are bounded (status, reason), never ids.
 */
@Component
class SagaMeters {

    /**
     * The deadline sweep runs every second; an order still PENDING this long after its deadline means
     * the sweep is not running or not keeping up — an alert, not a statistic.
     */
    static final Duration STUCK_AFTER = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(SagaMeters.class);

    private final MeterRegistry meters;

    SagaMeters(MeterRegistry meters, Orders orders, Clock clock) {
        this.meters = meters;
        Gauge.builder("bulkhead.saga.orders.pending", () -> count(() -> orders.countPending()))
                .description("Orders whose saga has not ended")
                .register(meters);
        Gauge.builder(
                        "bulkhead.saga.orders.stuck",
                        () -> count(() -> orders.countOverdue(clock.instant().minus(STUCK_AFTER))))
                .description("PENDING orders more than " + STUCK_AFTER.toSeconds() + " s past their deadline")
                .register(meters);
        // Every outcome exported from the first scrape, at zero: a series that appears only with its first
        // increment loses that increment to rate(), and an alert on "TIMEOUT rising" would see nothing.
        ended(OrderStatus.CONFIRMED.name(), "none");
        for (CancellationReason reason : CancellationReason.values()) {
            ended(OrderStatus.CANCELLED.name(), reason.name());
        }
        timeToTerminal(OrderStatus.CONFIRMED.name());
        timeToTerminal(OrderStatus.CANCELLED.name());
    }

    /** Counts the order's end once its transaction has committed (a rolled-back end did not happen). */
    void ended(Order order) {
        String status = order.status().name();
        String reason = order.cancellationReason() == null
                ? "none"
                : order.cancellationReason().name();
        Duration took = Duration.between(order.createdAt(), order.updatedAt());
        Runnable record = () -> {
            ended(status, reason).increment();
            timeToTerminal(status).record(took);
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    record.run();
                }
            });
        } else {
            record.run();
        }
    }

    private Counter ended(String status, String reason) {
        return Counter.builder("bulkhead.saga.orders.ended")
                .description("Orders whose saga ended, by final status and cancellation reason")
                .tag("status", status)
                .tag("reason", reason)
                .register(meters);
    }

    private Timer timeToTerminal(String status) {
        return Timer.builder("bulkhead.saga.time.to.terminal")
                .description("From placing an order to CONFIRMED or CANCELLED")
                .tag("status", status)
                .publishPercentileHistogram()
                .register(meters);
    }

    private static double count(java.util.function.LongSupplier query) {
        try {
            return query.getAsLong();
        } catch (RuntimeException e) {
            // a scrape while the database is away: no number is better than a wrong one
            log.debug("Cannot count orders for the saga gauges: {}", e.getMessage());
            return Double.NaN;
        }
    }
}
