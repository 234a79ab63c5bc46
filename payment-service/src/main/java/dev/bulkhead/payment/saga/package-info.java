/** The saga's events as payment hears them: order-events and inventory-events, read tolerantly, applied once. */
package dev.bulkhead.payment.saga;
