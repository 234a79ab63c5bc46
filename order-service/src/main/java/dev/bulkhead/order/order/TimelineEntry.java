package dev.bulkhead.order.order;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of an order's saga, when it happened and, where it helps a reader, a short detail (the
 * payment id, a rejection's shortages, why a late event changed nothing).
 */
public record TimelineEntry(Step step, Instant at, String detail) {

    public TimelineEntry {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(at, "at");
    }
}
