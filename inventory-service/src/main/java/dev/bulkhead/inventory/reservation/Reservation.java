package dev.bulkhead.inventory.reservation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What inventory decided for one order: its lines were reserved (then committed or released), or
 * rejected. There is one per order, ever, which is what makes a redelivered OrderCreated harmless.
 */
class Reservation {

    private final UUID orderId;
    private ReservationStatus status;
    private final RejectionReason reason;
    private final List<Line> lines;
    private final Instant createdAt;
    private Instant updatedAt;

    Reservation(
            UUID orderId,
            ReservationStatus status,
            RejectionReason reason,
            List<Line> lines,
            Instant createdAt,
            Instant updatedAt) {
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.status = Objects.requireNonNull(status, "status");
        if ((status == ReservationStatus.REJECTED) != (reason != null)) {
            throw new IllegalArgumentException("a reason is given exactly when a reservation is rejected");
        }
        this.reason = reason;
        this.lines = List.copyOf(lines);
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    /** Every line is held. */
    static Reservation reserved(UUID orderId, List<Line> lines, Instant at) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reservation holds at least one line");
        }
        return new Reservation(orderId, ReservationStatus.RESERVED, null, lines, at, at);
    }

    /** None of the lines is held, for {@code reason}. */
    static Reservation rejected(UUID orderId, List<Line> lines, RejectionReason reason, Instant at) {
        return new Reservation(orderId, ReservationStatus.REJECTED, Objects.requireNonNull(reason), lines, at, at);
    }

    /**
     * The order was cancelled before its OrderCreated got here (it cannot, on one partition, but a
     * replayed topic can): a released reservation without lines, so the late OrderCreated reserves nothing.
     */
    static Reservation cancelledFirst(UUID orderId, Instant at) {
        return new Reservation(orderId, ReservationStatus.RELEASED, null, List.of(), at, at);
    }

    /** The order was paid: the held units are sold. */
    void commit(Instant at) {
        moveTo(ReservationStatus.COMMITTED, at);
    }

    /** The order was cancelled: the held units go back. */
    void release(Instant at) {
        moveTo(ReservationStatus.RELEASED, at);
    }

    private void moveTo(ReservationStatus next, Instant at) {
        if (status != ReservationStatus.RESERVED) {
            throw new IllegalTransition(orderId, status, next);
        }
        status = next;
        updatedAt = Objects.requireNonNull(at, "at");
    }

    UUID orderId() {
        return orderId;
    }

    ReservationStatus status() {
        return status;
    }

    Optional<RejectionReason> reason() {
        return Optional.ofNullable(reason);
    }

    List<Line> lines() {
        return lines;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
