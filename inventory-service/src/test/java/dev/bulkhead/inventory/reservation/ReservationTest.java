package dev.bulkhead.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReservationTest {

    private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");
    private static final UUID KEYBOARD = UUID.randomUUID();
    private static final UUID MOUSE = UUID.randomUUID();

    private final UUID orderId = UUID.randomUUID();

    @Test
    void aReservationIsCommittedOrReleasedOnceAndThenStays() {
        Reservation committed = Reservation.reserved(orderId, List.of(new Line(KEYBOARD, 2)), AT);
        committed.commit(AT);
        assertThat(committed.status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThatThrownBy(() -> committed.release(AT)).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> committed.commit(AT)).isInstanceOf(IllegalTransition.class);

        Reservation released = Reservation.reserved(orderId, List.of(new Line(KEYBOARD, 2)), AT);
        released.release(AT);
        assertThat(released.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThatThrownBy(() -> released.commit(AT)).isInstanceOf(IllegalTransition.class);
    }

    @Test
    void aRejectedOrCancelledFirstOrderHoldsNothingToCommitOrRelease() {
        Reservation rejected =
                Reservation.rejected(orderId, List.of(new Line(KEYBOARD, 2)), RejectionReason.OUT_OF_STOCK, AT);
        Reservation tombstone = Reservation.cancelledFirst(orderId, AT);

        assertThat(rejected.reason()).contains(RejectionReason.OUT_OF_STOCK);
        assertThat(tombstone.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(tombstone.lines()).isEmpty();
        assertThatThrownBy(() -> rejected.commit(AT)).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> tombstone.release(AT)).isInstanceOf(IllegalTransition.class);
    }

    @Test
    void mergesLinesOfOneProductIntoOneKeepingTheOrdersOrder() {
        var merged = ReservingStock.merged(List.of(new Line(MOUSE, 1), new Line(KEYBOARD, 2), new Line(MOUSE, 3)));

        assertThat(merged).containsExactly(new Line(MOUSE, 4), new Line(KEYBOARD, 2));
    }
}
