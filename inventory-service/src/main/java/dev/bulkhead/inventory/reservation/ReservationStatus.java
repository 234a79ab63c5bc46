package dev.bulkhead.inventory.reservation;

/** Where an order's reservation stands; every status but RESERVED is final. */
enum ReservationStatus {
    /** Every line is held: stock went down, reserved went up. */
    RESERVED,
    /** The order was paid: the reserved units left for good. */
    COMMITTED,
    /** The order was cancelled: the units went back to stock (or, without lines, nothing was ever reserved). */
    RELEASED,
    /** Not every line could be reserved, so none was. */
    REJECTED
}
