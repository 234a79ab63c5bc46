/** order-service: owns orders and drives them to CONFIRMED or CANCELLED through the saga. */
package dev.bulkhead.order;
