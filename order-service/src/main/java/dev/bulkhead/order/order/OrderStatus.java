package dev.bulkhead.order.order;

/** Where an order is in the saga; CONFIRMED and CANCELLED are final. */
public enum OrderStatus {
    PENDING,
    CONFIRMED,
    CANCELLED
}
