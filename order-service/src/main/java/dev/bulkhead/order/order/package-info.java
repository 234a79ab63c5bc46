/** The order aggregate: placing an order idempotently, reading it, and the transitions the saga drives. */
package dev.bulkhead.order.order;
