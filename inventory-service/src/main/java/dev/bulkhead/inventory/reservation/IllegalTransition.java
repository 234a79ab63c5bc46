package dev.bulkhead.inventory.reservation;

import java.util.UUID;

/** A reservation asked to move where its status does not lead (e.g. commit what was released). */
class IllegalTransition extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    IllegalTransition(UUID orderId, ReservationStatus from, ReservationStatus to) {
        super("Reservation of order " + orderId + " is " + from + " and cannot become " + to);
    }
}
