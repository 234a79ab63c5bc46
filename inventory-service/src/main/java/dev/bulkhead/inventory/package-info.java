/** inventory-service: owns the product catalogue and stock, reserved all-or-nothing per order. */
package dev.bulkhead.inventory;
